// The chat program end to end on three computers (`thox run --computers 3`), both VMs: a host, alice typing from an
// input script, scripted members; every line to every member, the commands, /logout, pings and timeouts, Ctrl+T.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VM_NAMES } from '../src/vm/vm.js';
import { lines, runCraftos } from './craftos-helpers.js';
import { thoxSync } from './thox-sync.js';

const DIR = mkdtempSync(join(tmpdir(), 'thox-chat-'));
const ROOM = 'test/lua/craftos/chat-room.lua';
const TIMEOUT = 'test/lua/craftos/chat-timeout.lua';
/** alice's typing, once she has joined (the lines go as pastes, each ended by enter). */
const TYPED = ['hello all', '/me waves', '/nick ally', '/users', '/help', '/bogus', '/logout'];
const SCRIPT = ['sleep 9', ...TYPED.flatMap((line) => [`paste ${JSON.stringify(line)}`, 'key enter'])].join('\n');

describe.each(VM_NAMES)('chat on %s', (vm) => {
  it('shows every line to every member; the host answers the commands', () => {
    const script = join(DIR, `input-${vm}.txt`);
    const screen = join(DIR, `screen-${vm}.txt`);
    writeFileSync(script, `${SCRIPT}\n`);
    const args = ['run', '--vm', vm, '--deterministic', '--computers', '3', '--peripheral', 'top=modem'];
    const r = thoxSync(join(DIR, vm), [...args, '--input', script, '--dump-screen', screen, '--runtime', 'craftos', ROOM]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const shown = readFileSync(screen, 'utf8').trimEnd().split('\n');
    expect(shown.slice(-10)).toEqual([
      '* alice has joined the chat',
      '<bob> hi alice',
      '<alice> hello all',
      '* alice waves',
      '* alice is now known as ally',
      '* Connected users: ally, bob',
      '* Commands: /me <action>, /nick <nickname>, /users,',
      '/help, /logout',
      '* Unrecognised command: /bogus',
      'Left lobby',
    ]);
    const tagged = (id: number) =>
      r.stdout
        .split('\n')
        .filter((line) => line.startsWith(`[computer ${id}] `))
        .map((line) => line.slice(`[computer ${id}] `.length));
    const conversation = [
      '* alice has joined the chat',
      '<bob> hi alice',
      '<alice> hello all',
      '* alice waves',
      '* alice is now known as ally',
      '* ally has left the chat',
    ];
    expect(tagged(1)).toEqual(['Hosting chat as lobby (Ctrl+T stops)', '* bob has joined the chat', ...conversation, '* bob has left the chat']);
    expect(tagged(2)).toEqual(['* bob has joined the chat', ...conversation].map((line) => `bob sees: ${line}`));
  });
});

describe.each(VM_NAMES)('chat host on %s', (vm) => {
  it('drops a member who does not answer its pings; Ctrl+T closes the room and tells the members', () => {
    const script = join(DIR, `timeout-${vm}.txt`);
    writeFileSync(script, 'sleep 75\nterminate\n');
    const args = ['run', '--vm', vm, '--deterministic', '--computers', '3', '--peripheral', 'top=modem', '--input', script];
    const r = thoxSync(join(DIR, `timeout-${vm}`), [...args, '--runtime', 'craftos', TIMEOUT]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      [
        'Hosting chat as lobby (Ctrl+T stops)',
        '* carol has joined the chat',
        '* dave has joined the chat',
        '[computer 2] dave sees: * dave has joined the chat',
        '* carol has timed out',
        '[computer 2] dave sees: * carol has timed out',
        'Stopped hosting lobby',
        '[computer 2] dave sees: * The host has closed the chat',
        '',
      ].join('\n'),
    );
  });
});

describe('chat', () => {
  it('says how to use it, and needs a modem', async () => {
    const r = await runCraftos("os.run({}, 'rom/programs/shell.lua')", { input: lines('chat', 'chat join lobby alice', 'exit') });
    expect(r.rows.slice(1, 8)).toEqual([
      '> chat',
      'Usages:',
      'chat host <hostname>',
      'chat join <hostname> <nickname>',
      '> chat join lobby alice',
      'No modems attached',
      '> exit',
    ]);
  });
});
