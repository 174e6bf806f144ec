// rednet and gps between computers end to end (`thox run --computers N --runtime craftos`), on both VMs: a lookup
// by hostname, a message there and back, a broadcast, each message delivered once though it came four times; a
// computer locating itself from four `gps host` computers; a program that only receives (rednet.run runs beside it).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VM_NAMES } from '../src/vm/vm.js';
import { thoxSync } from './thox-sync.js';

const DIR = mkdtempSync(join(tmpdir(), 'thox-rednet-'));
const PAIR = 'test/lua/craftos/rednet-pair.lua';
const GPS = 'test/lua/craftos/gps-hosts.lua';
const RECEIVE_ONLY = 'test/lua/craftos/rednet-receive-only.lua';
const REBOOT = 'test/lua/craftos/rednet-after-reboot.lua';

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

  it('delivers to a program that only receives: rednet.run runs beside it', () => {
    const r = thoxSync(join(DIR, `only-${vm}`), [
      'run',
      '--vm',
      vm,
      '--deterministic',
      '--computers',
      '2',
      '--peripheral',
      'top=modem',
      '--runtime',
      'craftos',
      RECEIVE_ONLY,
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(['sent: true', '[computer 1] got: 0 hello there chat', '[computer 1] event: 0 second chat', ''].join('\n'));
    expect(r.status).toBe(0);
  });

  it('runs rednet.run before the program starts, and again after a reboot', () => {
    const r = thoxSync(join(DIR, `reboot-${vm}`), ['run', '--vm', vm, '--peripheral', 'top=modem', '--runtime', 'craftos', REBOOT]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(['first false rednet is already running', 'second false rednet is already running', '0 self p', ''].join('\n'));
    expect(r.status).toBe(0);
  });

  it('locates a computer from four computers running gps host', () => {
    const r = thoxSync(join(DIR, `gps-${vm}`), [
      'run',
      '--vm',
      vm,
      '--deterministic',
      '--computers',
      '5',
      '--peripheral',
      'top=modem',
      '--runtime',
      'craftos',
      GPS,
    ]);
    // the first computer's lines, and each host's (shown tagged, headless)
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => !l.startsWith('[computer ')).join('\n')).toBe(
      [
        'Finding position...',
        '8 metres from 8,0,0',
        '16 metres from 0,16,0',
        '24 metres from 0,0,24',
        '32 metres from 0,0,-32',
        'Position is 0,0,0',
        'located: 0 0 0',
        '',
      ].join('\n'),
    );
    for (const id of [1, 2, 3, 4]) expect(lines).toContain(`[computer ${id}] 1 GPS request served`);
    // the hosts serve forever: the run ends when only they are left, waiting
    expect(r.stderr).toContain('computer 4: pid 1 (gps-hosts.lua) tid 1 waits on pull');
  });
});
