// `npm run conformance [-- DIR]`: runs the craftos conformance specs (test/craftos-conformance, or DIR laid out the
// same) under `thox run --runtime craftos --headless --deterministic`, prints per-API counts; status 1 on a failure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { passed, report, runConformance, SPEC_DIR } from './conformance.js';

const store = mkdtempSync(join(tmpdir(), 'thox-conformance-'));
try {
  const dir = process.argv[2] === undefined ? SPEC_DIR : resolve(process.argv[2]);
  const run = runConformance(dir, store);
  process.stdout.write(report(run));
  process.exitCode = passed(run) ? 0 : 1;
} finally {
  rmSync(store, { recursive: true, force: true });
}
