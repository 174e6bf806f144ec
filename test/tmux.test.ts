// `thox run` of a drawing program in a real terminal, end to end: a tmux pane runs it and
// `tmux capture-pane` shows the ANSI renderer's screen while it runs and the text it leaves at the end.
// CI installs tmux (.ci/run); without it this test fails in CI and is reported skipped elsewhere.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { VM_NAMES } from '../src/vm/vm.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HAS_TMUX = spawnSync('tmux', ['-V']).status === 0;
const SOCKET = `thox-test-${process.pid}`;
const STORE = mkdtempSync(join(tmpdir(), 'thox-tmux-'));

function tmux(...args: string[]): string {
  const r = spawnSync('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** Polls the pane until `seen` holds (at most `limitMs`: a functional deadline, not a speed bound). */
async function waitFor(session: string, seen: (pane: string) => boolean, escapes: boolean, limitMs = 60_000): Promise<string> {
  const end = Date.now() + limitMs;
  let pane = '';
  while (Date.now() < end) {
    pane = tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', session);
    if (seen(pane)) return pane;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the pane never showed what was expected; it shows:\n${pane}`);
}

afterAll(() => {
  if (HAS_TMUX) spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
});

describe.each(VM_NAMES)('thox run in a tmux pane on %s', (vm) => {
  it.skipIf(!HAS_TMUX && !process.env.CI)(
    'draws the terminal with ANSI, then leaves its last frame and the held prints (tmux missing: apt-get install tmux)',
    async () => {
      const command = `COLORTERM=truecolor THOX_STORE=${STORE} ${process.execPath} bin/thox.js run --vm ${vm} test/lua/term/draw.lua 3; echo EXIT=$?; sleep 600`;
      tmux('new-session', '-d', '-s', vm, '-x', '80', '-y', '24', '-c', ROOT, command);
      const drawing = await waitFor(vm, (p) => p.includes('Hello, terminal'), true);
      expect(drawing).toContain('38;2;222;222;108'); // yellow text in true colour
      expect(drawing).toContain('48;2;51;102;204'); // on blue
      const plain = tmux('capture-pane', '-p', '-t', vm).split('\n');
      expect(plain.slice(0, 5).map((l) => l.trimEnd())).toEqual(['', ' Hello, terminal', ' RGB', '', 'line five']);
      const after = await waitFor(vm, (p) => p.includes('EXIT='), false);
      const lines = after.split('\n').map((l) => l.trimEnd());
      const start = lines.indexOf('printed before');
      expect(lines.slice(start, start + 9)).toEqual(['printed before', '', ' Hello, terminal', ' RGB', '', 'line five', 'printed after', 'EXIT=0', '']);
    },
  );
});
