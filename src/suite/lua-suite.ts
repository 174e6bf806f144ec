// `npm run lua-suite -- DIR [--vm fengari] [FILE...]`: runs each file of a local copy of Lua's test suite (the
// `testes` folder) unchanged in a thox process of its own, as `thox run DIR/FILE` runs it (its folder is where
// require looks), with `_port` and `_soft` set first, and prints pass/fail.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HostProgramFolder, luaFileText } from '../host/program-folder.js';
import { SpawnError } from '../kernel/kernel.js';
import type { Process } from '../kernel/process.js';
import { PACKAGE_ROOT } from '../paths.js';
import { simulate } from '../testing.js';
import type { VmName } from '../vm/vm.js';

/** Host milliseconds one file may run before it counts as failed. */
const FILE_TIMEOUT_MS = 120_000;
/** all.lua drives the others (with dofile and the host shell); it is not a test of its own. */
const DRIVER = 'all.lua';

/** The environment the files run in (files.lua reads PATH): a small virtual one, as `thox run --env` gives. */
const SUITE_ENV: ReadonlyMap<string, string> = new Map([
  ['PATH', '/rom/programs'],
  ['HOME', '/'],
]);

/** The native runtime with the two switches all.lua sets: portable tests only, and no heavy ones. */
function suiteRuntime(): string {
  const native = readFileSync(fileURLToPath(new URL('runtimes/native.lua', PACKAGE_ROOT)), 'latin1');
  return `${native}\n_port = true\n_soft = true\n`;
}

export interface FileResult {
  file: string;
  passed: boolean;
  /** The first line of the error, or how the run ended. */
  reason: string;
}

/** Runs one test file to its end and says whether it passed. */
export async function runSuiteFile(dir: string, file: string, vm: VmName): Promise<FileResult> {
  const sim = await simulate({ vm, runtimes: { suite: suiteRuntime() }, memoryLimit: 1024 * 1024 * 1024 });
  let proc: Process;
  try {
    proc = sim.kernel.spawn({
      name: file,
      source: luaFileText(readFileSync(join(dir, file), 'latin1')),
      runtime: 'suite',
      folder: new HostProgramFolder(dir),
      env: SUITE_ENV,
    });
  } catch (e) {
    if (e instanceof SpawnError) return { file, passed: false, reason: e.message };
    throw e;
  }
  const deadline = performance.now() + FILE_TIMEOUT_MS;
  sim.run({ until: () => proc.exit !== null || performance.now() > deadline });
  const exit = proc.exit;
  sim.kernel.killAll('the suite runner stopped');
  if (!exit) return { file, passed: false, reason: `did not end within ${FILE_TIMEOUT_MS / 1000} s` };
  if (exit.kind === 'exited' && exit.code === 0) return { file, passed: true, reason: '' };
  const why = (exit.message ?? `exit code ${exit.code}`).split('\n')[0];
  return { file, passed: false, reason: why };
}

async function main(argv: string[]): Promise<number> {
  let vm: VmName = 'wasmoon';
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--vm') vm = argv[++i] === 'fengari' ? 'fengari' : 'wasmoon';
    else rest.push(argv[i]);
  }
  const [dir, ...only] = rest;
  if (!dir) {
    process.stderr.write('usage: npm run lua-suite -- DIR [--vm wasmoon|fengari] [FILE...]\n');
    return 2;
  }
  const files =
    only.length > 0
      ? only
      : readdirSync(dir)
          .filter((f) => f.endsWith('.lua') && f !== DRIVER)
          .sort();
  let passed = 0;
  for (const file of files) {
    const r = await runSuiteFile(dir, file, vm);
    if (r.passed) passed++;
    process.stdout.write(`${r.file.padEnd(16)} ${r.passed ? 'pass' : `FAIL  ${r.reason}`}\n`);
  }
  process.stdout.write(`${passed} of ${files.length} files pass on ${vm}\n`);
  return passed === files.length ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
