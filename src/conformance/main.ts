// `npm run conformance [-- [--vm fengari] [DIR]]`: runs the craftos conformance specs (test/craftos-conformance, or DIR laid out the
// same) under `thox run --runtime craftos --headless --deterministic`, prints per-API counts; status 1 on a failure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { passed, report, runConformance, SPEC_DIR } from './conformance.js';

const store = mkdtempSync(join(tmpdir(), 'thox-conformance-'));
try {
  const argv = process.argv.slice(2);
  const fengari = argv[0] === '--vm' && argv[1] === 'fengari';
  const rest = argv[0] === '--vm' ? argv.slice(2) : argv;
  const run = runConformance(rest[0] === undefined ? SPEC_DIR : resolve(rest[0]), store, fengari ? 'fengari' : 'wasmoon');
  process.stdout.write(report(run));
  process.exitCode = passed(run) ? 0 : 1;
} finally {
  rmSync(store, { recursive: true, force: true });
}
