// Messages between the extension and its cascade webviews. Whatever the webview posts is
// untrusted: it is checked against the data on show before anything acts on it.
import type { TreeJson } from '../../../server/src/core/model';

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'rendered'; version: number }
  | { type: 'reveal'; uri: string; line: number };

/** The places a reveal may go to: each shown file and the lines of its objectives and KRs. */
export type RevealTargets = Map<string, Set<number>>;

export function revealTargets(tree: TreeJson | null): RevealTargets {
  const targets: RevealTargets = new Map();
  for (const unit of tree?.units ?? []) {
    const lines = targets.get(unit.file) ?? new Set<number>();
    for (const objective of unit.objectives) {
      lines.add(objective.line);
      for (const kr of objective.krs) lines.add(kr.line);
    }
    targets.set(unit.file, lines);
  }
  return targets;
}

function isLine(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** The message if it is well-formed and, for a reveal, points at a file and line on show; else null. */
export function parseWebviewMessage(raw: unknown, targets: RevealTargets): WebviewMessage | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const message = raw as Record<string, unknown>;
  const keys = Object.keys(message).sort().join(',');
  switch (message.type) {
    case 'ready':
      return keys === 'type' ? { type: 'ready' } : null;
    case 'rendered':
      return keys === 'type,version' && isLine(message.version) ? { type: 'rendered', version: message.version } : null;
    case 'reveal': {
      if (keys !== 'line,type,uri' || typeof message.uri !== 'string' || !isLine(message.line)) return null;
      return targets.get(message.uri)?.has(message.line) ? { type: 'reveal', uri: message.uri, line: message.line } : null;
    }
    default:
      return null;
  }
}
