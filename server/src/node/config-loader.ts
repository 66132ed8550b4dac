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

/** The nearest `.okrrc.json` at or above `dir`, or null; `known` remembers the answer for every folder on the way. */
export function findConfigFile(dir: string, known?: Map<string, string | null>): string | null {
  const current = resolve(dir);
  let found = known?.get(current);
  if (found === undefined) {
    const up = dirname(current);
    const candidate = join(current, CONFIG_FILE);
    found = isFile(candidate) ? candidate : up === current ? null : findConfigFile(up, known);
    known?.set(current, found);
  }
  return found;
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
  /** By the folder as given: the files of one folder share one look-up, without a path.resolve each. */
  const byFolder = new Map<string, ResolvedConfig>();
  return (filePath) => {
    const folder = dirname(filePath);
    let config = byFolder.get(folder);
    if (!config) {
      const found = findConfigFile(resolve(folder), nearest);
      config = loaded.get(found);
      if (!config) loaded.set(found, (config = found ? loadConfigFile(found) : defaultConfig(metas())));
      byFolder.set(folder, config);
    }
    return config;
  };
}
