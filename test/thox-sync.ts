// The built `thox` CLI run to its end from end-to-end tests: stdout and stderr are pipes (never a terminal), the
// store is the test's own. Build first (`npx tsc -p .`).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root: the CLI runs there, so relative program paths are the repository's. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `thox ...args` with `$THOX_STORE` set to `store`, and waits for it to end. */
export function thoxSync(store: string, args: readonly string[]): CliResult {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'thox.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, THOX_STORE: store },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
