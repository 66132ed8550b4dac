// File-system side of the CLI and the server: finding `.okr.md` files, reading them safely and writing atomically.

import { chmodSync, closeSync, type Dirent, existsSync, openSync, readdirSync, readFileSync, readSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';

/** Files larger than this are refused rather than parsed (10 MB). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

const OKR_EXTENSION = '.okr.md';

const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);

/** Converts one glob (gitignore flavour: `*`, `**`, `?`, `[...]`) into a regex over `/`-separated paths. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

interface IgnoreRule {
  re: RegExp;
  negate: boolean;
  dirOnly: boolean;
  /** Directory the rule's file lives in (absolute); patterns match paths relative to it. */
  base: string;
  anchored: boolean;
}

function readIgnoreFile(dir: string): IgnoreRule[] {
  const path = join(dir, '.gitignore');
  let text: string;
  try {
    // Most folders have none: asking first is cheaper than the exception of a failed read.
    if (!existsSync(path)) return [];
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  const rules: IgnoreRule[] = [];
  for (let line of text.split(/\r?\n/)) {
    if (!line.trim() || line.startsWith('#')) continue;
    line = line.replace(/(?<!\\)\s+$/, '');
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.slice(0, -1);
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    rules.push({ re: globToRegExp(line), negate, dirOnly, base: dir, anchored });
  }
  return rules;
}

/** `path` relative to `base`, `/`-separated; null when it is not inside. Lexical (no `..` folding): the walk joins paths itself. */
export function relativeInside(base: string, path: string): string | null {
  const prefix = base.endsWith(sep) ? base : base + sep;
  if (!path.startsWith(prefix)) return null;
  const rel = path.slice(prefix.length);
  return sep === '/' ? rel : rel.split(sep).join('/');
}

function ignoredBy(rules: IgnoreRule[], abs: string, isDir: boolean, name = basename(abs)): boolean {
  let ignored = false;
  // Called for every file of a walk: the path relative to a rule's folder is made once per folder (rules
  // come grouped by folder), by a prefix test instead of path.relative.
  let base: string | null = null;
  let rel: string | null = null;
  for (const rule of rules) {
    if (rule.dirOnly && !isDir) continue;
    if (rule.base !== base) {
      base = rule.base;
      rel = relativeInside(base, abs);
    }
    if (rel === null) continue;
    const hit = rule.anchored ? rule.re.test(rel) : rule.re.test(name);
    if (hit) ignored = !rule.negate;
  }
  return ignored;
}

/** `.gitignore` rules from the enclosing repository's root down to `dir` (stops at a `.git` folder). */
function ancestorRules(dir: string): IgnoreRule[] {
  const chain: string[] = [];
  let d = dir;
  for (;;) {
    chain.unshift(d);
    if (existsDir(join(d, '.git'))) break;
    const up = dirname(d);
    if (up === d) return [];
    d = up;
  }
  return chain.slice(0, -1).flatMap(readIgnoreFile);
}

function existsDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Every `*.okr.md` file under `roots` (a root that is a file is taken as is), sorted, without duplicates.
 * Skips `.git`, `node_modules`, paths ignored by `.gitignore` files and paths matching `exclude` globs
 * (matched against the path relative to the root and against the base name); follows symlinks but
 * never enters the same directory twice.
 */
export function findOkrFiles(roots: string[], options: { exclude?: string[] } = {}): string[] {
  const excludes = (options.exclude ?? []).map(globToRegExp);
  const found = new Set<string>();
  const visited = new Set<string>();
  const excluded = (rel: string, name: string) => excludes.some((re) => re.test(rel) || re.test(name));

  for (const root of roots) {
    let stat;
    try {
      stat = statSync(root);
    } catch {
      continue;
    }
    if (stat.isFile()) {
      found.add(root);
      continue;
    }
    if (!stat.isDirectory()) continue;
    /** `real` is the folder's real path when known: a plain folder's is its parent's plus its name (no system call). */
    const stack: Array<{ dir: string; real: string | null; rules: IgnoreRule[] }> = [{ dir: root, real: null, rules: ancestorRules(root) }];
    while (stack.length) {
      const { dir, real: knownReal, rules: inherited } = stack.pop()!;
      let real: string;
      try {
        // One system call, where the JavaScript realpath makes one per path component.
        real = knownReal ?? realpathSync.native(dir);
      } catch {
        continue;
      }
      if (visited.has(real)) continue;
      visited.add(real);
      const rules = [...inherited, ...readIgnoreFile(dir)];
      let entries: Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      } catch {
        continue;
      }
      for (const entry of entries) {
        const name = entry.name;
        if (ALWAYS_SKIPPED.has(name)) continue;
        // Below the root every folder is already a joined (normal) path: concatenating saves a normalisation per entry.
        const path = dir === root ? join(dir, name) : dir + sep + name;
        // The entry's type saves a stat per file; only a symlink needs one to know what it points to.
        let isDir = entry.isDirectory();
        const link = entry.isSymbolicLink();
        if (link) {
          try {
            isDir = statSync(path).isDirectory();
          } catch {
            continue; // broken symlink
          }
        }
        if ((excludes.length > 0 && excluded(relative(root, path).split(sep).join('/'), name)) || ignoredBy(rules, path, isDir, name)) continue;
        if (isDir) stack.push({ dir: path, real: link ? null : real.endsWith(sep) ? real + name : real + sep + name, rules });
        else if (name.toLowerCase().endsWith(OKR_EXTENSION)) found.add(path);
      }
    }
  }
  return [...found].sort();
}

/** Reads a file as UTF-8 without its byte-order mark; refuses files over MAX_FILE_BYTES. `knownSize` saves a stat when the caller has just taken one. */
export function readOkrFile(path: string, knownSize?: number): { text: string } | { error: string } {
  try {
    const size = knownSize ?? statSync(path).size;
    if (size > MAX_FILE_BYTES) {
      return { error: `${path}: file is ${(size / 1024 / 1024).toFixed(1)} MB, over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit` };
    }
    const text = readFileSync(path, 'utf8');
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const reason = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory' : err.code === 'EACCES' ? 'permission denied' : err.message;
    return { error: `${path}: ${reason}` };
  }
}

function hasBom(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(3);
    const n = readSync(fd, buf, 0, 3, 0);
    return n === 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  } finally {
    closeSync(fd);
  }
}

/** Writes via a temporary file in the same folder and a rename, keeping the file mode (and BOM when `bomOf` had one). */
export function writeAtomic(path: string, text: string, bomOf: string | null): void {
  let mode: number | undefined;
  try {
    mode = statSync(path).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  const bom = bomOf !== null && hasBom(bomOf) ? '\uFEFF' : '';
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, bom + text, mode !== undefined ? { mode } : undefined);
    if (mode !== undefined) chmodSync(tmp, mode);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing to clean up
    }
    throw e;
  }
}
