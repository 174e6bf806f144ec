// `thox shell` end to end in a real terminal: a tmux pane runs it with the CraftOS shell; the test pastes a command,
// lists a mounted host folder and a peripheral, opens a second session (its output waiting mark), clicks, switches,
// sends Ctrl+T, shows the panel, shrinks the pane (the too-small message), shuts the session down and reboots it
// (Ctrl+S, Ctrl+R), quits with Ctrl+A q and reads the exit status; then the same with the native sh. Without a
// terminal it refuses, exit 2.
// CI installs tmux (.ci/run); without it the tmux test is reported skipped elsewhere.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HAS_TMUX = spawnSync('tmux', ['-V']).status === 0;
const SOCKET = `thox-shell-${process.pid}`;
const STORE = mkdtempSync(join(tmpdir(), 'thox-tmux-shell-'));
const MOUNTED = join(STORE, 'host-folder');

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
    pane = tmux('capture-pane', '-p', '-t', 'shell');
    if (seen(pane)) return pane;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the pane never showed what was expected; it shows:\n${pane}`);
}

/** The status line: the last line of the pane that holds the key hint. */
function status(pane: string): string {
  return (
    pane
      .split('\n')
      .filter((l) => l.includes('Ctrl+A'))
      .at(-1) ?? ''
  );
}

const type = (text: string) => tmux('send-keys', '-t', 'shell', '-l', text);
const press = (...keys: string[]) => tmux('send-keys', '-t', 'shell', ...keys);

afterAll(() => {
  if (HAS_TMUX) spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
});

describe('thox shell in a tmux pane', () => {
  it.skipIf(!HAS_TMUX && !process.env.CI)(
    'runs sessions of the CraftOS shell, switches, terminates, quits with status 0 (tmux missing: apt-get install tmux)',
    { timeout: 300_000 },
    async () => {
      const command = `CI=false FORCE_COLOR=3 THOX_STORE=${STORE} ${process.execPath} bin/thox.js shell --shell craftos --mount disk=${MOUNTED} --peripheral top=monitor; echo EXIT=$?; sleep 600`;
      mkdirSync(MOUNTED);
      writeFileSync(join(MOUNTED, 'note.txt'), 'from the host\n');
      tmux('new-session', '-d', '-s', 'shell', '-x', '100', '-y', '30', '-c', ROOT, command);
      tmux('set-option', '-s', 'escape-time', '0');
      await waitFor((p) => p.includes('CraftOS') && p.includes('>') && status(p).startsWith(' 1 '));
      type('\x1b[200~hello\x1b[201~'); // a bracketed paste: one paste event, which the prompt takes as typed text
      press('Enter');
      await waitFor((p) => p.includes('Hello World!'));
      type('ls disk');
      press('Enter');
      await waitFor((p) => p.includes('note.txt')); // --mount: a host folder in the system's file system
      type('peripherals');
      press('Enter');
      await waitFor((p) => p.includes('top (monitor)')); // --peripheral

      // a second session, in front; its lua prompt prints late while the first is in front: output waiting
      press('C-a', 'n');
      let pane = await waitFor((p) => status(p).startsWith(' 1  2 ') && !p.includes('Hello World!'));
      type('lua');
      press('Enter');
      await waitFor((p) => p.includes('lua>'));
      type('sleep(2) print("late")');
      press('Enter');
      press('C-a', '1');
      pane = await waitFor((p) => p.includes('Hello World!'));
      pane = await waitFor((p) => status(p).startsWith(' 1  2* '));
      press('C-a', '2');
      // the printed line itself (the typed command holds the word too): the sleep is over, the prompt reads again
      pane = await waitFor((p) => p.split('\n').some((l) => l.trim() === 'late') && status(p).startsWith(' 1  2 '));

      // a click on the terminal (an SGR mouse report, as a terminal sends it) reaches the program at its cell
      type('print(os.pullEvent("mouse_click"))');
      press('Enter');
      type('\x1b[<0;7;3M\x1b[<0;7;3m');
      await waitFor((p) => p.includes('mouse_click 1 7 3'));

      // Ctrl+T: terminate, as in CraftOS: the lua prompt ends and the shell prompts again
      press('C-t');
      pane = await waitFor((p) => p.includes('Terminated'));

      // the panel beside the terminal
      press('C-a', 'p');
      pane = await waitFor((p) => p.includes('PROCESSES') && p.includes('SERVICES') && p.includes('LOG'));
      expect(pane).toContain('  PID NAME         RUNTIME  STATE'); // which processes fit depends on their CPU shares

      // too small: said, not drawn; larger again: drawn
      tmux('resize-window', '-t', 'shell', '-x', '40', '-y', '12');
      await waitFor((p) => p.includes('The terminal is 40x12'));
      tmux('resize-window', '-t', 'shell', '-x', '100', '-y', '30');
      await waitFor((p) => p.includes('Terminated') && !p.includes('The terminal is'));

      // Ctrl+S shuts the session down (it says so), Ctrl+R starts its shell again on a cleared terminal
      press('C-s');
      await waitFor((p) => p.includes('[session shut down] Ctrl+R restarts the session'));
      press('C-r');
      await waitFor((p) => p.includes('CraftOS') && !p.includes('Terminated') && !p.includes('shut down'));

      press('C-a', 'q');
      pane = await waitFor((p) => p.includes('EXIT='));
      expect(pane).toContain('EXIT=0');
      expect(pane).not.toContain('PROCESSES'); // the host's own screen is back
      tmux('kill-session', '-t', 'shell');
    },
  );
});

describe('thox shell with the native shell (the default)', () => {
  it.skipIf(!HAS_TMUX && !process.env.CI)('runs sh in a session: a pipeline, top ended by Ctrl+T, quits with status 0', { timeout: 300_000 }, async () => {
    const command = `CI=false FORCE_COLOR=3 THOX_STORE=${STORE} ${process.execPath} bin/thox.js shell; echo EXIT=$?; sleep 600`;
    tmux('new-session', '-d', '-s', 'shell', '-x', '100', '-y', '30', '-c', ROOT, command);
    await waitFor((p) => p.split('\n')[0].startsWith('$') && status(p).startsWith(' 1 '));
    type('ps | cat');
    press('Enter');
    const prompts = (p: string) => p.split('\n').filter((l) => l.startsWith('$')).length;
    const pane = await waitFor((p) => p.includes('ps.lua') && prompts(p) === 2);
    expect(pane).toMatch(/^ +\d+ +0 +\S+ .* sh\.lua$/m); // the session's shell, started by the host
    type('top');
    press('Enter');
    await waitFor((p) => p.includes('top - '));
    press('C-t'); // top ends, the shell prompts again
    await waitFor((p) => /\(q: quit\)\n\$/.test(p));
    press('C-a', 'q');
    expect(await waitFor((p) => p.includes('EXIT='))).toContain('EXIT=0');
    tmux('kill-session', '-t', 'shell');
  });
});

describe('thox shell without a terminal', () => {
  it('refuses with a clear error pointing at thox run --headless, exit status 2', () => {
    const r = spawnSync(process.execPath, ['bin/thox.js', 'shell'], { cwd: ROOT, input: '', encoding: 'utf8', env: { ...process.env, THOX_STORE: STORE } });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'thox: thox shell needs a terminal (its standard input and output are not one): to run a program without one, use thox run --headless\n',
    );
    expect(r.stdout).toBe('');
  });
});
