// Finds and reads `.okrrc.json` for a file: walks up from the file's folder to the nearest one
// (stopping at the file system root), follows `extends` paths, and hands the texts to the pure
// resolver in core/config.ts. Unreadable files become configuration problems, never exceptions.
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { defaultConfig, resolveConfig, type ConfigSource, type ResolvedConfig } from '../core/config';
import { rules } from '../rules/index';

export const CONFIG_FILE = '.okrrc.json';

const metas = () => rules.map((r) => r.meta);

function isFile(path: string): boolean {
  try {
    // Without an exception for a missing file: this runs for every folder of a walk.
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false; // no permission
  }
}

/** The nearest `.okrrc.json` at or above `dir`, or null. */
export function findConfigFile(dir: string): string | null {
  let current = resolve(dir);
  for (;;) {
    const candidate = join(current, CONFIG_FILE);
    if (isFile(candidate)) return candidate;
    const up = dirname(current);
    if (up === current) return null;
    current = up;
  }
}

function readSource(path: string): ConfigSource | null {
  try {
    return { text: readFileSync(path, 'utf8'), file: path };
  } catch {
    return null;
  }
}

/** Loads one configuration file (with its `extends` chain); a missing file is reported at line 1. */
export function loadConfigFile(path: string): ResolvedConfig {
  const source = readSource(path);
  if (!source) {
    const config = defaultConfig(metas());
    config.problems.push({ severity: 'error', message: `Cannot read the configuration file ${path}.`, file: path, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
    return config;
  }
  return resolveConfig(source, metas(), (name, from) => readSource(isAbsolute(name) ? name : join(dirname(from ?? path), name)));
}

/** The configuration that applies to `filePath`: the nearest `.okrrc.json` above it, else the defaults. */
export function loadConfigFor(filePath: string): ResolvedConfig {
  const found = findConfigFile(dirname(resolve(filePath)));
  return found ? loadConfigFile(found) : defaultConfig(metas());
}

/**
 * loadConfigFor for many files in one run: each folder is looked up once and each configuration file read
 * once, so files sharing a configuration share one object (10,000 files in 576 folders: 576 look-ups, not 3,500).
 */
export function configLoader(): (filePath: string) => ResolvedConfig {
  const nearest = new Map<string, string | null>();
  const loaded = new Map<string | null, ResolvedConfig>();
  const find = (dir: string): string | null => {
    let found = nearest.get(dir);
    if (found === undefined) {
      const up = dirname(dir);
      found = isFile(join(dir, CONFIG_FILE)) ? join(dir, CONFIG_FILE) : up === dir ? null : find(up);
      nearest.set(dir, found);
    }
    return found;
  };
  return (filePath) => {
    const found = find(dirname(resolve(filePath)));
    let config = loaded.get(found);
    if (!config) loaded.set(found, (config = found ? loadConfigFile(found) : defaultConfig(metas())));
    return config;
  };
}
