// The terminal UI's ink components, rendered with ink-testing-library: the terminal view (rows, colours, cursor),
// the status line (tabs, output waiting, the prefix hint), the panel, the too-small message, and the app following
// the model's frames (a key prefix typed shows its hint; a write shows after the next frame).
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { Terminal } from '../src/devices/terminal.js';
import { App } from '../src/tui/app.js';
import { ManualTimer } from '../src/tui/frame-timer.js';
import { FramePublisher } from '../src/tui/frames.js';
import { KeyRouter, type UiActions } from '../src/tui/key-router.js';
import { Panel } from '../src/tui/panel.js';
import { RowStyler } from '../src/tui/screen-rows.js';
import type { SessionHost } from '../src/tui/sessions.js';
import { SessionManager } from '../src/tui/sessions.js';
import { HINT, StatusLine, WAITING_HINT } from '../src/tui/status-line.js';
import { TerminalView } from '../src/tui/terminal-view.js';
import type { Snapshot } from '../src/tui/system-snapshot.js';
import { buildFrame, type Frame, ViewState } from '../src/tui/view.js';

afterEach(() => cleanup());

/** The frame as plain text (SGR removed), lines right-trimmed. */
function plain(frame: string | undefined): string[] {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: SGR sequences are what is removed
  const sgr = /\x1b\[[0-9;]*m/g;
  return (frame ?? '')
    .replace(sgr, '')
    .split('\n')
    .map((l) => l.trimEnd());
}

/** A macrotask: ink draws an update after one. */
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('the terminal view', () => {
  it('draws each row at its size, in its colours, with the cursor in reverse video', () => {
    const t = new Terminal(12, 3);
    t.setTextColour(4); // yellow
    t.setBackgroundColour(11); // blue
    t.setCursorPos(2, 2);
    t.write('Hi there');
    t.setCursorBlink(true);
    const screen = new RowStyler('truecolor').frame(t);
    const { lastFrame } = render(createElement(TerminalView, { screen }));
    expect(plain(lastFrame())).toEqual(['', ' Hi there', '']);
    expect(lastFrame()).toContain('38;2;222;222;108'); // yellow text
    expect(lastFrame()).toContain('48;2;51;102;204'); // on blue
    // the cursor's cell after "Hi there", reversed
    // biome-ignore lint/suspicious/noControlCharactersInRegex: SGR sequences are what is looked for
    expect(lastFrame()).toMatch(/Hi there(\x1b\[[0-9;]*m)*\x1b\[7m \x1b\[27m/);
  });

  it('styles a row once: an unchanged row is the same string in the next frame', () => {
    const t = new Terminal(10, 2);
    const styler = new RowStyler('256');
    const before = styler.frame(t);
    t.setCursorPos(1, 2);
    t.write('x');
    const after = styler.frame(t);
    expect(after.rows[0]).toBe(before.rows[0]);
    expect(after.rows[1]).not.toBe(before.rows[1]);
  });
});

describe('the status line', () => {
  const tabs = [
    { id: 1, focused: false, waiting: true, running: true },
    { id: 2, focused: true, waiting: false, running: true },
    { id: 3, focused: false, waiting: false, running: false },
  ];
  it('shows the tabs, output waiting (*), an ended shell (-), and the key hint', () => {
    const { lastFrame } = render(createElement(StatusLine, { tabs, prefix: false, width: 100, note: null }));
    const [line] = plain(lastFrame());
    expect(line.startsWith(' 1*  2  3- ')).toBe(true);
    const after = render(createElement(StatusLine, { tabs: tabs.slice(1), prefix: false, width: 100, note: null }));
    expect(plain(after.lastFrame())[0].startsWith(' 1  2- ')).toBe(true); // labelled by place: what Ctrl+A 1-9 go to
    expect(line.endsWith(HINT)).toBe(true);
  });
  it('shows the prefix’s commands while it waits, and a note beside the hint', () => {
    expect(plain(render(createElement(StatusLine, { tabs, prefix: true, width: 100, note: null })).lastFrame())[0].endsWith(WAITING_HINT)).toBe(true);
    expect(plain(render(createElement(StatusLine, { tabs, prefix: false, width: 100, note: 'no room for the panel' })).lastFrame())[0]).toContain(
      'no room for the panel · Ctrl+A',
    );
  });
});

const SNAPSHOT: Snapshot = {
  processes: [
    { pid: 1, ppid: 0, name: 'init', runtime: 'native', state: 'pull', cpu: 0, cpuTime: 1, memory: 70_000, instructions: 500 },
    { pid: 9, ppid: 1, name: '', runtime: 'craftos', state: 'running', cpu: 0.25, cpuTime: 80, memory: 600_000, instructions: 2_500_000 },
  ],
  services: [{ name: 'kvd', state: 'ready', target: 'up', pid: 4 }],
  log: [
    { t: 1, service: 'init', stream: 'stdout', text: 'starting kvd' },
    { t: 2, service: 'kvd', stream: 'stdout', text: 'kvd: ready' },
  ],
};

describe('the panel', () => {
  it('stacks processes (busiest first), services and the log at the side', () => {
    const { lastFrame } = render(createElement(Panel, { snapshot: SNAPSHOT, place: 'side', width: 60, height: 12 }));
    expect(plain(lastFrame())).toEqual([
      ' PROCESSES (2)',
      '   PID NAME         RUNTIME  STATE    CPU%   MEM INSTR',
      '     9 [craftos]    craftos  running  25.0 585.9K 2500k',
      '     1 init         native   pull      0.0 68.4K 500',
      '',
      '',
      ' SERVICES (1)',
      ' kvd            up   ready pid 4',
      '',
      ' LOG',
      ' init: starting kvd',
      ' kvd: kvd: ready',
    ]);
  });
  it('puts the three side by side at the bottom', () => {
    const { lastFrame } = render(createElement(Panel, { snapshot: SNAPSHOT, place: 'bottom', width: 98, height: 4 }));
    const lines = plain(lastFrame());
    expect(lines[0]).toMatch(/^PROCESSES \(2\) +SERVICES \(1\) +LOG$/);
    expect(lines[2]).toMatch(/^ +9 \[craftos\] .* kvd: kvd: ready$/);
  });
});

/** A model over a fake host and a fake timer, as shell.ts wires the real one. */
function model(host: { columns: number; rows: number }) {
  const timer = new ManualTimer();
  const sessionHost: SessionHost = { start: () => 5, end: () => {}, deliver: () => {}, focused: () => undefined, kill: () => {} };
  const view = new ViewState(host);
  const styler = new RowStyler('16');
  let frames: FramePublisher<Frame> | null = null;
  const sessions = new SessionManager(sessionHost, { width: 20, height: 4 }, () => frames?.changed());
  sessions.open();
  frames = new FramePublisher(timer, () => buildFrame(sessions, view, styler));
  return { timer, view, sessions, frames };
}

describe('the app', () => {
  it('draws the focused session and the status line, and a write after the next frame', async () => {
    const { timer, sessions, frames } = model({ columns: 60, rows: 10 });
    const { lastFrame } = render(createElement(App, { frames }));
    expect(plain(lastFrame())).toEqual(['', '', '', '', ` 1   ${HINT}`]);
    sessions.focused!.terminal.write('hello');
    await tick();
    expect(plain(lastFrame())[0]).toBe('');
    timer.fire();
    await tick();
    expect(plain(lastFrame())[0]).toBe('hello');
  });

  it('says the host terminal is too small instead of drawing, and draws again when it grows', async () => {
    const { timer, view, frames } = model({ columns: 15, rows: 10 });
    const { lastFrame } = render(createElement(App, { frames }));
    expect(plain(lastFrame()).join(' ')).toContain('The terminal is 15x10: a 20x4 session needs at least 20x6.');
    view.host = { columns: 40, rows: 10 };
    frames.changed();
    timer.fire();
    await tick();
    expect(plain(lastFrame())).toHaveLength(5);
  });

  it('shows the prefix hint after Ctrl+A, and the panel after Ctrl+A p', async () => {
    const { timer, view, frames } = model({ columns: 100, rows: 12 });
    const actions: Partial<UiActions> = {
      prefix: (on) => {
        view.prefix = on;
        frames.changed();
      },
      togglePanel: () => {
        view.panel = !view.panel;
        view.snapshot = SNAPSHOT;
        frames.changed();
      },
    };
    const router = new KeyRouter({ ...(actions as UiActions) });
    const { lastFrame } = render(createElement(App, { frames }));
    router.feed('\x01');
    timer.fire();
    await tick();
    expect(plain(lastFrame())[4].endsWith(WAITING_HINT)).toBe(true);
    router.feed('p');
    timer.fire();
    await tick();
    const lines = plain(lastFrame());
    expect(lines[4].endsWith(HINT)).toBe(true);
    expect(lines[0]).toMatch(/^ {20} PROCESSES \(2\)$/);
  });
});
