// rednet between two computers end to end (`thox run --computers 2 --runtime craftos`), on both VMs: a lookup by
// hostname, a message there and back, a broadcast, and each message delivered once though it came four times.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VM_NAMES } from '../src/vm/vm.js';
import { thoxSync } from './thox-sync.js';

const DIR = mkdtempSync(join(tmpdir(), 'thox-rednet-'));
const PAIR = 'test/lua/craftos/rednet-pair.lua';

describe.each(VM_NAMES)('rednet between two computers on %s', (vm) => {
  it('finds the host by name, sends, broadcasts and hears each answer once', () => {
    const r = thoxSync(join(DIR, vm), [
      'run',
      '--vm',
      vm,
      '--deterministic',
      '--computers',
      '2',
      '--peripheral',
      'top=modem',
      '--peripheral',
      'bottom=modem',
      '--runtime',
      'craftos',
      PAIR,
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(['found beta: 1', 'sent: true', 'got: 1 hello (echo, 0 more) echo', 'got: 1 news for all (news, 0 more) echo', ''].join('\n'));
    expect(r.status).toBe(0);
  });
});
