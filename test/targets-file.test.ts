// The targets file of a store (what thox svc start/stop set, restored by the next boot): a round trip in order,
// and a damaged file reported and not used (it is never read as anything else).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTargets, saveTarget, targetsFile } from '../src/cli/targets-file.js';

describe('the targets file', () => {
  it('keeps the newest setting of each service last', () => {
    const dir = mkdtempSync(join(tmpdir(), 'thox-targets-'));
    const { targets, error } = loadTargets(dir);
    expect([targets.size, error]).toEqual([0, null]);
    saveTarget(dir, targets, 'a', 'down');
    saveTarget(dir, targets, 'b', 'up');
    saveTarget(dir, targets, 'a', 'up');
    expect([...loadTargets(dir).targets]).toEqual([
      ['b', 'up'],
      ['a', 'up'],
    ]);
  });

  it.each([
    ['{ not json', /^.*targets\.json: ignored \(.*JSON.*\)$/],
    ['[["a", "sideways"]]', /targets\.json: ignored \(not a list of \[name, "up" or "down"\]\)$/],
  ])('reports a damaged file: %s', (text, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'thox-targets-'));
    mkdirSync(join(dir, 'state'));
    writeFileSync(targetsFile(dir), text);
    const { targets, error } = loadTargets(dir);
    expect(targets.size).toBe(0);
    expect(error).toMatch(message);
  });
});
