// A local copy of CC: Tweaked's own test suite (its test-rom folder: mcfly.lua, spec/) run by the built thox under
// `--runtime craftos`; src/conformance/cc-test-rom.lua counts the results per spec file. thox ships no copy.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemFolder } from '../devices/fs-setup.js';
import { PACKAGE_ROOT } from '../paths.js';
import type { VmName } from '../vm/vm.js';

/** Where the test-rom is mounted, as CC: Tweaked's own harness mounts it. */
const MOUNT = 'test-rom';
/** The driver's results file in the system's file system (the terminal is the tests' to write on). */
const RESULTS = 'cc-test-rom-results.txt';
/** The driver: a CraftOS program run from the host. */
const DRIVER = fileURLToPath(new URL('src/conformance/cc-test-rom.lua', PACKAGE_ROOT));
/** A whole run of the suite may take minutes on fengari; a hang ends here. */
const TIMEOUT_MS = 30 * 60 * 1000;

export interface SpecFileResult {
  file: string;
  pass: number;
  fail: number;
  error: number;
  pending: number;
}

export interface TestRomRun {
  files: SpecFileResult[];
  /** The runner's own summary line (`Ran N test(s), of which M passed (P%).`), if it printed one. */
  summary: string | undefined;
  status: number | null;
}

/** Runs the test-rom in `dir` with the built thox on `vm`, with `store` as its store (a system of its own). */
export function runTestRom(dir: string, store: string, vm: VmName): TestRomRun {
  const thox = fileURLToPath(new URL('bin/thox.js', PACKAGE_ROOT));
  const args = ['run', '--vm', vm, '--runtime', 'craftos', '--headless', '--deterministic', '--term-size', '80x100'];
  args.push('--mount-ro', `${MOUNT}=${dir}`, DRIVER, `/${MOUNT}`, `/${RESULTS}`);
  const r = spawnSync(process.execPath, [thox, ...args], {
    env: { ...process.env, THOX_STORE: store },
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  const results = join(systemFolder(store, 0), RESULTS);
  const summary = (r.stdout ?? '').split('\n').find((line) => line.startsWith('Ran '));
  return { files: parseResults(existsSync(results) ? readFileSync(results, 'utf8') : ''), summary, status: r.status };
}

/** The driver's `FILE name pass fail error pending` lines. */
function parseResults(text: string): SpecFileResult[] {
  const files: SpecFileResult[] = [];
  for (const line of text.split('\n')) {
    const m = /^FILE (\S+) (\d+) (\d+) (\d+) (\d+)$/.exec(line);
    if (m) files.push({ file: m[1], pass: Number(m[2]), fail: Number(m[3]), error: Number(m[4]), pending: Number(m[5]) });
  }
  return files;
}

/** A line per spec file (passed of run, failed, errors, pending), the totals and the runner's summary. */
export function testRomReport(run: TestRomRun): string {
  const width = Math.max(0, ...run.files.map((f) => f.file.length));
  const lines = run.files.map(
    (f) => `${f.file.padEnd(width)}  ${f.pass}/${f.pass + f.fail + f.error} passed, ${f.fail} failed, ${f.error} errors, ${f.pending} pending`,
  );
  const sum = (key: 'pass' | 'fail' | 'error' | 'pending'): number => run.files.reduce((n, f) => n + f[key], 0);
  lines.push(`total: ${sum('pass')} passed, ${sum('fail')} failed, ${sum('error')} errors, ${sum('pending')} pending`);
  lines.push(run.summary ?? `no summary line (thox ended with status ${run.status})`);
  return `${lines.join('\n')}\n`;
}
