// Input from a real terminal, end to end: a tmux pane runs a program that echoes its input events; keys typed
// and a bracketed paste sent with tmux reach it as char/key/paste events, and Ctrl+T terminates it.
// wasmoon only: under fengari thox runs in a worker thread, which does not read the host terminal.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

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
async function waitFor(seen: (pane: string) => boolean, limitMs = 60_000): Promise<string> {
  const end = Date.now() + limitMs;
  let pane = '';
  while (Date.now() < end) {
    pane = tmux('capture-pane', '-p', '-t', 'input');
    if (seen(pane)) return pane;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the pane never showed what was expected; it shows:\n${pane}`);
}

afterAll(() => {
  if (HAS_TMUX) spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
});

describe('input from the host terminal', () => {
  it.skipIf(!HAS_TMUX && !process.env.CI)('delivers typed keys and a paste, and Ctrl+T terminates (tmux missing: apt-get install tmux)', async () => {
    const command = `THOX_STORE=${STORE} ${process.execPath} bin/thox.js run test/lua/input/echo.lua; echo EXIT=$?; sleep 600`;
    tmux('new-session', '-d', '-s', 'input', '-x', '80', '-y', '24', '-c', ROOT, command);
    await waitFor((p) => p.includes('ready'));
    // the program drew: raw mode is on once its run loop has looked (a moment after the first frame)
    await new Promise((resolve) => setTimeout(resolve, 500));
    tmux('send-keys', '-t', 'input', 'a', 'Enter', 'Up');
    tmux('set-buffer', 'pasted text');
    tmux('paste-buffer', '-p', '-t', 'input');
    tmux('send-keys', '-t', 'input', 'C-t');
    const after = await waitFor((p) => p.includes('EXIT='));
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
});
