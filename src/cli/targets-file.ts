// The targets the user set with thox svc start/stop/restart, kept across boots of a store in
// DIR/state/targets.json (written atomically); a boot applies them, in the order they were set, after its target.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Target } from '../init/states.js';

/** Service name → the target the user last set, in the order they were set (oldest first). */
export type SavedTargets = Map<string, Target>;

export function targetsFile(storeDir: string): string {
  return join(storeDir, 'state', 'targets.json');
}

/** The saved targets; none when there is no file. A file that cannot be read as saved targets is reported, not used. */
export function loadTargets(storeDir: string): { targets: SavedTargets; error: string | null } {
  let text: string;
  try {
    text = readFileSync(targetsFile(storeDir), 'utf8');
  } catch {
    return { targets: new Map(), error: null };
  }
  try {
    const saved: unknown = JSON.parse(text);
    if (!Array.isArray(saved) || !saved.every((e) => Array.isArray(e) && typeof e[0] === 'string' && (e[1] === 'up' || e[1] === 'down'))) {
      throw new Error('not a list of [name, "up" or "down"]');
    }
    return { targets: new Map(saved as Array<[string, Target]>), error: null };
  } catch (e) {
    return { targets: new Map(), error: `${targetsFile(storeDir)}: ignored (${e instanceof Error ? e.message : String(e)})` };
  }
}

/** Records that the user set `name`'s target, and writes the file (a temporary file renamed over it). */
export function saveTarget(storeDir: string, targets: SavedTargets, name: string, target: Target): void {
  targets.delete(name); // the newest setting goes last
  targets.set(name, target);
  const file = targetsFile(storeDir);
  mkdirSync(join(storeDir, 'state'), { recursive: true, mode: 0o700 });
  writeFileSync(`${file}.tmp`, `${JSON.stringify([...targets])}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}
