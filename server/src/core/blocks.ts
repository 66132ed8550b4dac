// The block structure of one objective section that the model needs: the attribute paragraph under
// the heading and the list items (top-level items = key results, their direct children = data items).
// Two readers produce the same shape: remark (exact CommonMark + GFM) and a line scanner that is
// ~100× faster and iterative, used for giant or pathologically nested sections. A differential
// test keeps them in agreement on every fixture.

import type { List, ListItem, Nodes, Root, RootContent } from 'mdast';
import { unified, type Data, type Processor } from 'unified';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';

/** A list item: its first line, the column of its bullet and its last line (document lines). */
export interface ItemBlock {
  line: number;
  col: number;
  endLine: number;
  children: ItemBlock[];
}

export interface SectionBlocks {
  /** First and last line of the paragraph right under the heading, or null. */
  attributes: [number, number] | null;
  items: ItemBlock[];
}

type FromMarkdownExtension = NonNullable<Data['fromMarkdownExtensions']>[number];

/**
 * Drops the syntax-tree transforms (GFM's autolink literals: `www.example.com` in text becomes a link node). They
 * only rewrite text inside paragraphs, never where a block starts or ends, and walked every text node: a sixth
 * of reading a section on each keystroke.
 */
function withoutTextTransforms(this: Processor): void {
  const data = this.data();
  const strip = (extension: FromMarkdownExtension): FromMarkdownExtension =>
    Array.isArray(extension) ? extension.map((e) => ({ ...e, transforms: [] })) : { ...extension, transforms: [] };
  data.fromMarkdownExtensions = (data.fromMarkdownExtensions ?? []).map(strip);
}

const processor = unified().use(remarkParse).use(remarkGfm).use(withoutTextTransforms).use(remarkFrontmatter, ['yaml']).freeze();

/**
 * The last line (0-based) a node really covers. An unclosed fence ends "at column 1" of the line that
 * closed its container, which belongs to the next block.
 */
function lastLine(node: Nodes, base: number): number {
  const pos = node.position!;
  if ((node.type === 'list' || node.type === 'listItem' || node.type === 'blockquote') && node.children.length > 0) {
    return Math.max(base + pos.start.line - 1, lastLine(node.children[node.children.length - 1], base));
  }
  return base + (pos.end.column === 1 && pos.end.line > pos.start.line ? pos.end.line - 2 : pos.end.line - 1);
}

function itemFromMdast(item: ListItem, lines: string[], base: number, withChildren: boolean): ItemBlock {
  const pos = item.position!;
  const children: ItemBlock[] = [];
  if (withChildren) {
    for (const child of item.children) {
      if (child.type === 'list') for (const sub of child.children) children.push(itemFromMdast(sub, lines, base, false));
    }
  }
  const line = base + pos.start.line - 1;
  let endLine = lastLine(item, base);
  while (endLine > line && lines[endLine].trim() === '') endLine--;
  return { line, col: pos.start.column - 1, endLine, children };
}

/** Reads the section `lines[start..end)` (`start` = the objective heading) with remark. */
export function blocksWithRemark(lines: string[], start: number, end: number): SectionBlocks {
  const root = processor.parse(lines.slice(start, end).join('\n')) as Root;
  const body: RootContent[] = root.children.slice(1);
  const first = body[0];
  const attributes: [number, number] | null =
    first && first.type === 'paragraph' && first.position
      ? [start + first.position.start.line - 1, start + first.position.end.line - 1]
      : null;
  const items: ItemBlock[] = [];
  for (const node of body) {
    if (node.type === 'list') for (const item of (node as List).children) items.push(itemFromMdast(item, lines, start, true));
  }
  return { attributes, items };
}

/** The same blocks `delta` lines further down (negative: up), as a section that moved has them. */
export function movedBlocks(blocks: SectionBlocks, delta: number): SectionBlocks {
  const move = (b: ItemBlock): ItemBlock => ({ line: b.line + delta, col: b.col, endLine: b.endLine + delta, children: b.children.map(move) });
  return { attributes: blocks.attributes && [blocks.attributes[0] + delta, blocks.attributes[1] + delta], items: blocks.items.map(move) };
}

/** What a line starts with that decides which blocks it continues or opens: quote markers, bullets, a task box. */
const CONTAINER_PREFIX = /^[ \t]*(?:(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)|\[[ xX]\](?=[ \t]))[ \t]*)*/;
const STARTS_WITH_WORD = /^[\p{L}\p{N}]/u;
/** Characters in a line's text that can end an HTML block, separate table cells or make a link definition. */
const BLOCK_SENSITIVE = /[<>|[\]]/;

/**
 * True when the line `before`, edited in place into `after`, leaves every block of its section where it was:
 * both versions open and continue the same containers, their text starts with the same letter or digit and
 * the edit comes after it (so neither is blank, a heading, fence, break, underline or table delimiter row, and
 * no marker appears or goes), and neither holds a character HTML blocks, tables or link definitions depend on.
 * CommonMark reads blocks before inline text, so a line that stays paragraph text of the same containers
 * cannot move a block. Link definitions span lines: callers also rule out sections that contain one.
 */
export function keepsBlocks(before: string, after: string): boolean {
  const prefix = CONTAINER_PREFIX.exec(before)![0];
  if (!after.startsWith(prefix) || CONTAINER_PREFIX.exec(after)![0].length !== prefix.length) return false;
  // The text's first character is the same in both (so the edit comes after it), and a letter or digit.
  const first = prefix.length;
  if (first >= before.length || before[first] !== after[first] || !STARTS_WITH_WORD.test(before.slice(first, first + 2))) return false;
  return !BLOCK_SENSITIVE.test(before.slice(prefix.length)) && !BLOCK_SENSITIVE.test(after.slice(prefix.length));
}

const BULLET = /^([-*+]|\d{1,9}[.)])(?=[ \t]|$)/;
const BULLET_AT = /([-*+]|\d{1,9}[.)])(?=[ \t]|$)/y;
export const FENCE = /^[ \t]*(`{3,}|~{3,})/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const BLOCK_START = /^(?:#{1,6}(?:[ \t]|$)|>|<[A-Za-z!/?]|`{3,}|~{3,})/;
// HTML blocks that may interrupt a paragraph (CommonMark types 1–6); any other tag starts one only after a blank line.
const HTML_BLOCK_TAG = /^<\/?(?:address|article|aside|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|nav|ol|p|param|pre|script|section|style|summary|table|tbody|td|textarea|tfoot|th|thead|title|tr|ul)(?:[\s/>]|$)/i;
const HTML_ANY_TAG = /^<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^>]*)?\/?>\s*$/;

/** True when `line` closes a code fence opened with `fence` (same character, at least as long, nothing else). */
export function closesFence(line: string, fence: string): boolean {
  const close = FENCE.exec(line);
  return close !== null && close[1][0] === fence[0] && close[1].length >= fence.length && line.trim() === close[1];
}

/** Visual width of leading whitespace (tabs stop every 4 columns) and how many characters it spans. */
function leading(line: string, from = 0, column = 0): { width: number; chars: number } {
  let col = column;
  let i = from;
  for (; i < line.length; i++) {
    if (line[i] === ' ') col++;
    else if (line[i] === '\t') col += 4 - (col % 4);
    else break;
  }
  return { width: col - column, chars: i - from };
}

interface Open {
  block: ItemBlock;
  contentCol: number;
  /** Opened with nothing after the bullet: a blank line right after it ends the item. */
  empty: boolean;
}

const SETEXT_UNDERLINE = /^(?:=+|-+)[ \t]*$/;
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** A new list may interrupt a paragraph only with a non-empty item, and an ordered one only from 1. */
function canInterrupt(marker: string, rest: string): boolean {
  if (rest.trim() === '') return false;
  return marker.length === 1 || Number.parseInt(marker, 10) === 1;
}

/** True when a line is too deeply nested for remark to handle quickly (nested containers on one line or huge indents). */
export function isPathological(line: string): boolean {
  return line.length > 200 && /^[\s>*+\-\d.)[\]xX]{200}/.test(line);
}

/** Reads the section `lines[start..end)` with a line scanner; iterative, linear time. */
export function blocksWithLines(lines: string[], start: number, end: number): SectionBlocks {
  const items: ItemBlock[] = [];
  const stack: Open[] = [];
  let fence: string | null = null;
  /** How many items were open when the fence opened (it closes with them). */
  let fenceDepth = 0;
  /** Inside an HTML block: it ends at `-->` (a comment) or at a blank line. */
  let html: 'comment' | 'blank' | null = null;
  /** Inside a block quote's paragraph: its lazy lines are neither setext underlines nor interruptible here. */
  let quote = false;
  /** The previous line was paragraph text (which a lazy line may continue or a setext underline turn into a heading). */
  let paraOpen = false;
  /**
   * After indented code (blank lines included) micromark, unlike CommonMark, starts no ordered list but
   * from 1, and no empty item unless a list came before the code.
   */
  let codeOpen = false;
  /** The last top-level block was a list. */
  let afterList = false;
  let attributes: [number, number] | null = null;
  let attrOpen = false;
  let seenContent = false;

  for (let i = start + 1; i < end; i++) {
    const line = lines[i];
    if (fence !== null) {
      // A fence inside a list item also ends when a non-blank line leaves the item.
      const leaves = fenceDepth > 0 && line.trim() !== '' && leading(line).width < stack[fenceDepth - 1].contentCol;
      if (!leaves) {
        if (closesFence(line, fence)) fence = null;
        if (line.trim() !== '') markEnd(stack, i);
        continue;
      }
      fence = null;
    }
    if (html === 'comment') {
      if (line.includes('-->')) html = null;
      markEnd(stack, i);
      continue;
    }
    if (line.trim() === '') {
      const last = stack[stack.length - 1];
      if (last && last.empty && last.block.line === i - 1) stack.pop();
      html = null;
      quote = false;
      paraOpen = false;
      attrOpen = false;
      continue;
    }
    if (html === 'blank') {
      markEnd(stack, i);
      continue;
    }
    const { width: indent, chars } = leading(line);
    const body = line.slice(chars);
    const top = stack.length ? stack[stack.length - 1].contentCol : 0;
    if (paraOpen && (body[0] === '-' || body[0] === '=') && indent >= top && indent - top < 4 && SETEXT_UNDERLINE.test(body)) {
      // "text" + "---" is a heading, not a list item or a break; the attribute paragraph is gone.
      if (attrOpen) attributes = null;
      attrOpen = false;
      paraOpen = false;
      markEnd(stack, i);
      continue;
    }
    const first = body[0];
    let bullet = (indent < 4 || stack.length > 0) && (first === '-' || first === '*' || first === '+' || isDigit(first)) ? BULLET.exec(body) : null;
    const isBreak = (first === '-' || first === '*' || first === '_') && THEMATIC_BREAK.test(line);
    let depth = stack.length;
    if (bullet && !isBreak) {
      while (depth > 0 && indent < stack[depth - 1].contentCol) depth--;
      // Four columns past its container a bullet is code (or lazy text), not an item.
      if (indent >= (depth > 0 ? stack[depth - 1].contentCol : 0) + 4) bullet = null;
      // Only a paragraph in the container the new list would open in can be interrupted.
      else if (paraOpen && depth === stack.length && !canInterrupt(bullet[1], body.slice(bullet[0].length))) bullet = null;
      else if (codeOpen && depth === stack.length && !canInterrupt(bullet[1], afterList ? 'x' : body.slice(bullet[0].length))) bullet = null;
    }

    if (!seenContent) {
      seenContent = true;
      if (!bullet && !isBreak && indent < 4 && !BLOCK_START.test(body) && !/^\|/.test(body)) {
        attributes = [i, i];
        attrOpen = true;
        paraOpen = true;
        continue;
      }
    } else if (attrOpen && attributes) {
      if (!bullet && !isBreak && !BLOCK_START.test(body)) {
        attributes[1] = i;
        continue;
      }
      attrOpen = false;
    }

    let content = body;
    if (bullet && !isBreak) {
      if (stack.length !== depth) stack.length = depth; // setting the length costs even when it does not change
      content = openItems(line, i, chars, indent, stack, items);
      markEnd(stack, i);
    } else if (stack.length) {
      // A paragraph line right after item text continues it lazily; anything else must be indented to stay inside.
      const lazy = paraOpen && !isBreak && !BLOCK_START.test(body);
      if (!lazy) while (stack.length && indent < stack[stack.length - 1].contentCol) stack.pop();
      markEnd(stack, i);
    }
    const fenceChar = content[leading(content).chars];
    const open = fenceChar === '`' || fenceChar === '~' ? FENCE.exec(content) : null;
    if (open) {
      fence = open[1];
      fenceDepth = stack.length;
    }
    const angle = content[0] === '<';
    const comment = fence === null && angle && content.startsWith('<!--');
    const htmlBlock: boolean = fence === null && !comment && angle && (HTML_BLOCK_TAG.test(content) || (!paraOpen && HTML_ANY_TAG.test(content)));
    if (comment) html = content.includes('-->', 4) ? null : 'comment';
    else if (htmlBlock) html = 'blank';
    const codeLine: boolean = !bullet && indent >= top + 4 && !paraOpen && !quote;
    if (bullet) afterList = true;
    else if (stack.length === 0 && !codeLine) afterList = false;
    codeOpen = codeLine;
    const text: boolean = fence === null && !comment && !htmlBlock && !isBreak && !codeLine && !/^#{1,6}(?:[ \t]|$)/.test(content) && content.trim() !== '';
    if (content.startsWith('>')) quote = true;
    else if (!text || bullet) quote = false;
    paraOpen = text && !quote;
  }
  return { attributes, items };
}

/** Opens the item(s) starting on this line (`- - x` opens nested items on one line); returns the text after the last bullet. */
function openItems(line: string, lineNo: number, start: number, indent: number, stack: Open[], items: ItemBlock[]): string {
  let pos = start;
  let col = indent;
  // Only a line ending in a break character can hold a thematic break after its bullets.
  const mayBreak = endsWithBreakCharacter(line);
  for (;;) {
    const c = line[pos];
    if (!(c === '-' || c === '*' || c === '+' || isDigit(c))) break;
    BULLET_AT.lastIndex = pos;
    const m = BULLET_AT.exec(line);
    if (!m) break;
    const markerEnd = pos + m[1].length;
    const gap = leading(line, markerEnd, col + m[1].length);
    const restStart = markerEnd + gap.chars;
    const empty = restStart >= line.length;
    const markerWidth = m[1].length;
    const contentCol = empty || gap.width > 4 ? col + markerWidth + 1 : col + markerWidth + gap.width;
    const block: ItemBlock = { line: lineNo, col: pos, endLine: lineNo, children: [] };
    if (stack.length === 0) items.push(block);
    else if (stack.length === 1) stack[0].block.children.push(block);
    stack.push({ block, contentCol, empty });
    pos = restStart;
    if (empty || gap.width > 4 || (mayBreak && THEMATIC_BREAK.test(line.slice(pos)))) break;
    col = contentCol;
  }
  return line.slice(pos);
}

function endsWithBreakCharacter(line: string): boolean {
  let i = line.length - 1;
  while (i >= 0 && (line[i] === ' ' || line[i] === '\t')) i--;
  return line[i] === '-' || line[i] === '*' || line[i] === '_';
}

/** Only the key result (depth 0) and its data items (depth 1) carry ranges the model uses. */
function markEnd(stack: Open[], line: number): void {
  if (stack.length > 0) stack[0].block.endLine = line;
  if (stack.length > 1) stack[1].block.endLine = line;
}
