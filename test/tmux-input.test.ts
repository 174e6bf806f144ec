// Input from a real terminal, end to end: a tmux pane runs a program that echoes its input events; keys typed
// and a bracketed paste sent with tmux reach it as char/key/paste events, and Ctrl+T terminates it; Ctrl+C
// stops a run. On both VMs (under fengari the main thread reads the terminal and the worker decodes).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { VM_NAMES } from '../src/vm/vm.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HAS_TMUX = spawnSync('tmux', ['-V']).status === 0;
const SOCKET = `thox-input-${process.pid}`;
const STORE = mkdtempSync(join(tmpdir(), 'thox-tmux-input-'));

function tmux(...args: string[]): string {
  const r = spawnSync('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** Polls the pane until `seen` holds (at most `limitMs`: a functional deadline, not a speed bound). */
async function waitFor(session: string, seen: (pane: string) => boolean, limitMs = 60_000): Promise<string> {
  const end = Date.now() + limitMs;
  let pane = '';
  while (Date.now() < end) {
    pane = tmux('capture-pane', '-p', '-t', session);
    if (seen(pane)) return pane;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the pane never showed what was expected; it shows:\n${pane}`);
}

afterAll(() => {
  if (HAS_TMUX) spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
});

/** Starts `thox run ARGS` in a new tmux session and waits until the program drew `ready` and raw mode is on. */
async function started(session: string, args: string): Promise<void> {
  const command = `THOX_STORE=${STORE} ${process.execPath} bin/thox.js run ${args}; echo EXIT=$?; sleep 600`;
  tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', '-c', ROOT, command);
  await waitFor(session, (p) => p.includes('ready'));
  // the program drew: raw mode is on once its run loop has looked (a moment after the first frame)
  await new Promise((resolve) => setTimeout(resolve, 500));
}

describe.each(VM_NAMES)('input from the host terminal on %s', (vm) => {
  it.skipIf(!HAS_TMUX && !process.env.CI)('delivers typed keys and a paste, and Ctrl+T terminates (tmux missing: apt-get install tmux)', async () => {
    const session = `input-${vm}`;
    await started(session, `--vm ${vm} test/lua/input/echo.lua`);
    tmux('send-keys', '-t', session, 'a', 'Enter', 'Up');
    tmux('set-buffer', 'pasted text');
    tmux('paste-buffer', '-p', '-t', session);
    tmux('send-keys', '-t', session, 'C-t');
    const after = await waitFor(session, (p) => p.includes('EXIT='));
    const lines = after.split('\n').map((l) => l.trimEnd());
    const start = lines.indexOf('key 65 false');
    expect(lines.slice(start, start + 9)).toEqual([
      'key 65 false',
      'char a',
      'key_up 65',
      'key 257 false',
      'key_up 257',
      'key 265 false',
      'key_up 265',
      'paste pasted text',
      'dropped 0, enter is 257',
    ]);
    expect(lines).toContain('EXIT=0');
  });

  it.skipIf(!HAS_TMUX && !process.env.CI)('stops the run at Ctrl+C, the host terminal back in cooked mode', async () => {
    const session = `interrupt-${vm}`;
    await started(session, `--vm ${vm} test/lua/input/echo.lua`);
    tmux('send-keys', '-t', session, 'C-c');
    const after = await waitFor(session, (p) => p.includes('EXIT='));
    expect(after).toContain('EXIT=130');
    const stty = spawnSync('tmux', ['-L', SOCKET, 'display-message', '-p', '-t', session, '#{pane_tty}'], { encoding: 'utf8' }).stdout.trim();
    expect(spawnSync('stty', ['-F', stty, '-a'], { encoding: 'utf8' }).stdout).toMatch(/ icanon /);
  });

  it.skipIf(!HAS_TMUX && !process.env.CI)('follows the host terminal size without --term-size, with term_resize; keeps --term-size', async () => {
    const session = `resize-${vm}`;
    await started(session, `--vm ${vm} test/lua/input/size.lua`);
    expect(tmux('capture-pane', '-p', '-t', session)).toContain('size 80 24');
    tmux('resize-window', '-t', session, '-x', '100', '-y', '30');
    await waitFor(session, (p) => p.includes('size 100 30'));
    tmux('send-keys', '-t', session, 'C-t');
    const after = await waitFor(session, (p) => p.includes('EXIT='));
    expect(after).toContain('term_resize 100 30');

    const fixed = `fixed-${vm}`;
    await started(fixed, `--vm ${vm} --term-size 40x10 test/lua/input/size.lua`);
    tmux('resize-window', '-t', fixed, '-x', '100', '-y', '30');
    await new Promise((resolve) => setTimeout(resolve, 500));
    tmux('send-keys', '-t', fixed, 'C-t');
    const lines = (await waitFor(fixed, (p) => p.includes('EXIT='))).split('\n').map((l) => l.trimEnd());
    expect(lines).toContain('size 40 10');
    expect(lines.filter((l) => l.startsWith('term_resize'))).toEqual([]);
  });
});
