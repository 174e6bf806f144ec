// `npm run conformance [-- [--vm fengari] [DIR | --cc-test-rom DIR]]`: runs the craftos conformance specs (test/craftos-conformance,
// or DIR laid out the same; or a local copy of CC: Tweaked's test-rom) under `--runtime craftos`, prints per-API/file counts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTestRom, testRomReport } from './cc-test-rom.js';
import { passed, report, runConformance, SPEC_DIR } from './conformance.js';

const store = mkdtempSync(join(tmpdir(), 'thox-conformance-'));
try {
  const argv = process.argv.slice(2);
  const fengari = argv[0] === '--vm' && argv[1] === 'fengari';
  const rest = argv[0] === '--vm' ? argv.slice(2) : argv;
  const vm = fengari ? 'fengari' : 'wasmoon';
  if (rest[0] === '--cc-test-rom' && rest[1] !== undefined) {
    // CC: Tweaked's suite is not all passing (see docs/craftos.md): the status says only whether it ran to its summary
    const run = runTestRom(resolve(rest[1]), store, vm);
    process.stdout.write(testRomReport(run));
    process.exitCode = run.summary === undefined ? 1 : 0;
  } else {
    const run = runConformance(rest[0] === undefined ? SPEC_DIR : resolve(rest[0]), store, vm);
    process.stdout.write(report(run));
    process.exitCode = passed(run) ? 0 : 1;
  }
} finally {
  rmSync(store, { recursive: true, force: true });
}
