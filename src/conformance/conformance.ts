// The craftos conformance run: thox runs test/craftos-conformance/run.lua (a CraftOS program) over the spec folder,
// mounted read-only at /test-rom; its `RESULT api passed failed` and `FAIL ...` lines, written to a file, are read here.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemFolder } from '../devices/fs-setup.js';
import { PACKAGE_ROOT } from '../paths.js';
import type { VmName } from '../vm/vm.js';

/** The project's own specs: one folder per API, plus the harness and the driver. */
export const SPEC_DIR = fileURLToPath(new URL('test/craftos-conformance', PACKAGE_ROOT));

/** Where the spec folder is mounted in the system's file system. */
const MOUNT = '/test-rom';
/** The driver's results file in the system's file system (the terminal is the specs' to write on). */
const RESULTS = 'conformance-results.txt';

export interface ApiResult {
  api: string;
  passed: number;
  failed: number;
}

export interface ConformanceRun {
  apis: ApiResult[];
  /** The `FAIL api/file: spec: message` lines. */
  failures: string[];
  /** thox's exit status, and what it wrote when the driver failed (its terminal). */
  status: number | null;
  other: string[];
}

/** The `thox run` arguments of a conformance run over `dir` on `vm`. */
export function conformanceArgs(dir: string, vm: VmName): string[] {
  return [
    'run',
    '--vm',
    vm,
    '--runtime',
    'craftos',
    '--headless',
    '--deterministic',
    '--term-size',
    '80x100',
    '--mount-ro',
    `${MOUNT.slice(1)}=${dir}`,
    `craftos#${MOUNT}/run.lua`,
    MOUNT,
    `/${RESULTS}`,
  ];
}

/** Runs the specs in `dir` with the built thox on `vm`, with `store` as its store (a system of its own). */
export function runConformance(dir: string, store: string, vm: VmName = 'wasmoon'): ConformanceRun {
  const thox = fileURLToPath(new URL('bin/thox.js', PACKAGE_ROOT));
  const r = spawnSync(process.execPath, [thox, ...conformanceArgs(dir, vm)], {
    env: { ...process.env, THOX_STORE: store },
    encoding: 'utf8',
  });
  const results = join(systemFolder(store, 0), RESULTS);
  const run = parseResults(existsSync(results) ? readFileSync(results, 'utf8') : '');
  const failedRun = r.status !== 0 || run.apis.length === 0;
  return { ...run, status: r.status, other: failedRun ? `${r.stdout}${r.stderr}`.split('\n').filter((l) => l !== '') : [] };
}

/** The results and failures the driver wrote. */
function parseResults(text: string): { apis: ApiResult[]; failures: string[] } {
  const apis: ApiResult[] = [];
  const failures: string[] = [];
  for (const line of text.split('\n')) {
    const result = /^RESULT (\S+) (\d+) (\d+)$/.exec(line);
    if (result) apis.push({ api: result[1], passed: Number(result[2]), failed: Number(result[3]) });
    else if (line.startsWith('FAIL ')) failures.push(line.slice(5));
  }
  return { apis, failures };
}

/** The report: a line per API, the failures, and `N passed, N failed`. */
export function report(run: ConformanceRun): string {
  const width = Math.max(0, ...run.apis.map((a) => a.api.length));
  const lines = run.apis.map((a) => `${a.api.padEnd(width)}  ${a.passed} passed, ${a.failed} failed`);
  lines.push(...run.failures.map((f) => `FAIL ${f}`), ...run.other);
  if (run.status !== 0) lines.push(`thox ended with status ${run.status}`);
  const passed = run.apis.reduce((n, a) => n + a.passed, 0);
  const failed = run.apis.reduce((n, a) => n + a.failed, 0);
  lines.push(`${passed} passed, ${failed} failed`);
  return `${lines.join('\n')}\n`;
}

/** Whether the run passed: every spec, with no driver error. */
export function passed(run: ConformanceRun): boolean {
  return run.status === 0 && run.other.length === 0 && run.apis.length > 0 && run.apis.every((a) => a.failed === 0);
}
