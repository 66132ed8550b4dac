// Documents are keyed by file-system path in the workspace index (references between files are paths);
// documents that are not files (`untitled:`) keep their uri as the key.
import { fileURLToPath, pathToFileURL } from 'node:url';

export function pathOf(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    return uri;
  }
}

export function uriOf(path: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(path) && !/^[a-z]:[\\/]/i.test(path) ? path : pathToFileURL(path).href;
}
