// The block structure of one objective section that the model needs: the attribute paragraph under
// the heading and the list items (top-level items = key results, their direct children = data items).
// Two readers produce the same shape: remark (exact CommonMark + GFM) and a line scanner that is
// ~100× faster and iterative, used for giant or pathologically nested sections. A differential
// test keeps them in agreement on every fixture.

import type { List, ListItem, Root, RootContent } from 'mdast';
import { unified } from 'unified';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';

/** A list item: its first line, the column of its bullet and its last line (all relative to the section). */
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

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).freeze();

function itemFromMdast(item: ListItem, withChildren: boolean): ItemBlock {
  const pos = item.position!;
  const children: ItemBlock[] = [];
  if (withChildren) {
    for (const child of item.children) {
      if (child.type === 'list') for (const sub of child.children) children.push(itemFromMdast(sub, false));
    }
  }
  return { line: pos.start.line - 1, col: pos.start.column - 1, endLine: pos.end.line - 1, children };
}

/** Reads a section (line 0 = the objective heading) with remark. */
export function blocksWithRemark(lines: string[]): SectionBlocks {
  const root = processor.parse(lines.join('\n')) as Root;
  const body: RootContent[] = root.children.slice(1);
  const first = body[0];
  const attributes: [number, number] | null =
    first && first.type === 'paragraph' && first.position
      ? [first.position.start.line - 1, first.position.end.line - 1]
      : null;
  const items: ItemBlock[] = [];
  for (const node of body) {
    if (node.type === 'list') for (const item of (node as List).children) items.push(itemFromMdast(item, true));
  }
  return { attributes, items };
}

const BULLET = /^([-*+]|\d{1,9}[.)])(?=[ \t]|$)/;
const BULLET_AT = /([-*+]|\d{1,9}[.)])(?=[ \t]|$)/y;
const FENCE = /^[ \t]*(`{3,}|~{3,})/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const BLOCK_START = /^(?:#{1,6}(?:[ \t]|$)|>|<[A-Za-z!/?]|`{3,}|~{3,})/;

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
}

/** True when a line is too deeply nested for remark to handle quickly (nested containers on one line or huge indents). */
export function isPathological(line: string): boolean {
  return line.length > 200 && /^[\s>*+\-\d.)[\]xX]{200}/.test(line);
}

/** Reads a section (line 0 = the objective heading) with a line scanner; iterative, linear time. */
export function blocksWithLines(lines: string[]): SectionBlocks {
  const items: ItemBlock[] = [];
  const stack: Open[] = [];
  let fence: string | null = null;
  let prevBlank = true;
  let attributes: [number, number] | null = null;
  let attrOpen = false;
  let seenContent = false;

  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (fence !== null) {
      const close = FENCE.exec(line);
      if (close && close[1][0] === fence[0] && close[1].length >= fence.length && line.trim() === close[1]) fence = null;
      markEnd(stack, i);
      continue;
    }
    if (line.trim() === '') {
      prevBlank = true;
      attrOpen = false;
      continue;
    }
    const { width: indent, chars } = leading(line);
    const body = line.slice(chars);
    const bullet = indent < 4 || stack.length > 0 ? BULLET.exec(body) : null;
    const isBreak = THEMATIC_BREAK.test(line);

    if (!seenContent) {
      seenContent = true;
      if (!bullet && !isBreak && indent < 4 && !BLOCK_START.test(body) && !/^\|/.test(body)) {
        attributes = [i, i];
        attrOpen = true;
        prevBlank = false;
        continue;
      }
    } else if (attrOpen && attributes) {
      if (!bullet && !isBreak && !BLOCK_START.test(body)) {
        attributes[1] = i;
        prevBlank = false;
        continue;
      }
      attrOpen = false;
    }

    let content = body;
    if (bullet && !isBreak) {
      while (stack.length && indent < stack[stack.length - 1].contentCol) stack.pop();
      if (stack.length === 0 && indent >= 4) {
        prevBlank = false;
        continue; // indented code
      }
      if (stack.length > 0 && indent >= stack[stack.length - 1].contentCol + 4) {
        markEnd(stack, i);
        prevBlank = false;
        continue; // indented code inside an item
      }
      content = openItems(line, i, chars, indent, stack, items);
      markEnd(stack, i);
    } else if (stack.length) {
      // A paragraph line right after item text continues it lazily; anything else must be indented to stay inside.
      const lazy = !prevBlank && !isBreak && !BLOCK_START.test(body);
      if (!lazy) while (stack.length && indent < stack[stack.length - 1].contentCol) stack.pop();
      markEnd(stack, i);
    }
    const open = FENCE.exec(content);
    if (open) fence = open[1];
    prevBlank = false;
  }
  return { attributes, items };
}

/** Opens the item(s) starting on this line (`- - x` opens nested items on one line); returns the text after the last bullet. */
function openItems(line: string, lineNo: number, start: number, indent: number, stack: Open[], items: ItemBlock[]): string {
  let pos = start;
  let col = indent;
  // Only a line ending in a break character can hold a thematic break after its bullets.
  const mayBreak = /[-*_][ \t]*$/.test(line);
  for (;;) {
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
    stack.push({ block, contentCol });
    pos = restStart;
    if (empty || gap.width > 4 || (mayBreak && THEMATIC_BREAK.test(line.slice(pos)))) break;
    col = contentCol;
  }
  return line.slice(pos);
}

/** Only the key result (depth 0) and its data items (depth 1) carry ranges the model uses. */
function markEnd(stack: Open[], line: number): void {
  if (stack.length > 0) stack[0].block.endLine = line;
  if (stack.length > 1) stack[1].block.endLine = line;
}
