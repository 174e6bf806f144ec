// The terminal UI's model, outside React: frames coalesced to 30 a second on a fake timer, sessions (open, switch,
// close, output waiting, reboot, shut down), the key router (prefix, Ctrl+R/S, Ctrl+A twice, pastes), the layout,
// the console, the snapshot, and sessions over a real kernel (seats: each session's input reaches its own processes).
import { describe, expect, it } from 'vitest';
import type { InputEvent } from '../src/devices/input.js';
import { Terminal } from '../src/devices/terminal.js';
import { simulate } from '../src/testing.js';
import { printTo } from '../src/tui/console.js';
import type { FrameTimer } from '../src/tui/frame-timer.js';
import { FRAME_MS, FramePublisher } from '../src/tui/frames.js';
import { KeyRouter, type UiActions } from '../src/tui/key-router.js';
import { layout } from '../src/tui/layout.js';
import { PANEL_MS, UiController } from '../src/tui/controller.js';
import { ViewState } from '../src/tui/view.js';
import { kernelSessionHost } from '../src/tui/session-host.js';
import { type SessionHost, SessionManager } from '../src/tui/sessions.js';
import { SystemSnapshot } from '../src/tui/system-snapshot.js';
import { VM_NAMES } from '../src/vm/vm.js';

/** A timer whose time moves only when the test says. */
class FakeTimer implements FrameTimer {
  at = 0;
  private pending: Array<{ due: number; fn: () => void }> = [];
  now(): number {
    return this.at;
  }
  after(ms: number, fn: () => void): () => void {
    const entry = { due: this.at + ms, fn };
    this.pending.push(entry);
    return () => {
      this.pending = this.pending.filter((e) => e !== entry);
    };
  }
  /** Moves time on by `ms`, running each callback at its due time, in order (those they add too). */
  advance(ms: number): void {
    const end = this.at + ms;
    for (;;) {
      const next = this.pending.filter((p) => p.due <= end).sort((x, y) => x.due - y.due)[0];
      if (!next) break;
      this.pending = this.pending.filter((p) => p !== next);
      this.at = next.due;
      next.fn();
    }
    this.at = end;
  }
  get waiting(): number {
    return this.pending.length;
  }
}

describe('the frame publisher', () => {
  it('coalesces any number of changes into one frame, at most one per FRAME_MS', () => {
    const timer = new FakeTimer();
    let builds = 0;
    const frames = new FramePublisher(timer, () => ++builds);
    const seen: number[] = [];
    frames.subscribe(() => seen.push(frames.current()));
    expect(frames.current()).toBe(1);
    for (let i = 0; i < 1000; i++) frames.changed();
    expect(timer.waiting).toBe(1);
    timer.advance(0);
    expect(seen).toEqual([2]);
    // a change right after a frame waits for the rest of the frame time
    frames.changed();
    frames.changed();
    timer.advance(FRAME_MS - 1);
    expect(seen).toEqual([2]);
    timer.advance(1);
    expect(seen).toEqual([2, 3]);
    // long after the last frame, a change is drawn at once
    timer.advance(10 * FRAME_MS);
    frames.changed();
    timer.advance(0);
    expect(seen).toEqual([2, 3, 4]);
    expect(frames.published).toBe(3);
  });

  it('publishes nothing while nothing changes, and drops the pending frame when closed', () => {
    const timer = new FakeTimer();
    const frames = new FramePublisher(timer, () => 0);
    timer.advance(1000);
    expect(frames.published).toBe(0);
    frames.changed();
    frames.close();
    timer.advance(1000);
    expect(frames.published).toBe(0);
  });

  it('publishes at most 30 frames a second under a terminal written without end', () => {
    const timer = new FakeTimer();
    const t = new Terminal();
    const frames = new FramePublisher(timer, () => t.version);
    t.onChange = frames.changed;
    for (let ms = 0; ms < 1000; ms++) {
      for (let i = 0; i < 10; i++) t.write('x');
      timer.advance(1);
    }
    expect(frames.published).toBeGreaterThanOrEqual(29);
    expect(frames.published).toBeLessThanOrEqual(30);
  });
});

/** A host that records what sessions ask of it. */
function fakeHost() {
  let pid = 10;
  const log: string[] = [];
  const host: SessionHost = {
    start: () => {
      log.push(`start ${++pid}`);
      return pid;
    },
    end: (p, reason) => void log.push(`end ${p} (${reason})`),
    deliver: (e, t) => void log.push(`deliver ${e.type} to ${t.width}x${t.height}`),
    focused: () => 99,
    kill: (p, reason) => void log.push(`kill ${p} (${reason})`),
  };
  return { host, log };
}

describe('the session manager', () => {
  it('opens sessions in front, switches, and marks the ones drawn on while behind', () => {
    const { host, log } = fakeHost();
    let changes = 0;
    const m = new SessionManager(host, { width: 20, height: 5 }, () => changes++);
    const one = m.open();
    const two = m.open();
    expect(m.focused).toBe(two);
    expect(log).toEqual(['start 11', 'start 12']);
    one.terminal.write('behind');
    two.terminal.write('in front');
    expect([one.waiting, two.waiting]).toEqual([true, false]);
    m.focus(0);
    expect(m.focused).toBe(one);
    expect(one.waiting).toBe(false);
    m.step(-1);
    expect(m.focused).toBe(two);
    m.step(1);
    expect(m.focused).toBe(one);
    m.focus(7); // no such session
    expect(m.focused).toBe(one);
    expect(changes).toBeGreaterThan(0);
  });

  it('closes the session in front with its processes; the one before comes to the front', () => {
    const { host, log } = fakeHost();
    const m = new SessionManager(host, { width: 20, height: 5 }, () => {});
    const one = m.open();
    m.open();
    const three = m.open();
    m.focus(1);
    expect(m.close()).toBe(2);
    expect(log.at(-1)).toBe('end 12 (session closed)');
    expect(m.sessions.map((s) => s.id)).toEqual([1, 3]);
    expect(m.focused).toBe(three);
    m.close();
    expect(m.focused).toBe(one);
    expect(m.close()).toBe(0);
    expect(m.focused).toBeUndefined();
  });

  it('reboots (processes ended, terminal cleared, shell again) and shuts down (the session stays, saying so)', () => {
    const { host, log } = fakeHost();
    const m = new SessionManager(host, { width: 30, height: 6 }, () => {});
    const s = m.open();
    s.terminal.write('old text');
    m.reboot();
    expect(log).toEqual(['start 11', 'end 11 (session rebooted)', 'start 12']);
    expect(s.terminal.text[0].trim()).toBe('');
    expect(s.pid).toBe(12);
    m.shutdown();
    expect(log.at(-1)).toBe('end 12 (session shut down)');
    expect(s.pid).toBeNull();
    expect(s.terminal.text.join('')).toContain('[session shut down] Ctrl+R restarts the session, Ctrl+A c closes it');
    m.type({ type: 'char', char: 'x' }); // nobody to type to
    expect(log.at(-1)).toBe('end 12 (session shut down)');
  });

  it('types to the session in front, prints a tree’s output on its session, says when its shell ends', () => {
    const { host, log } = fakeHost();
    const m = new SessionManager(host, { width: 70, height: 4 }, () => {});
    const s = m.open();
    m.type({ type: 'char', char: 'x' });
    expect(log.at(-1)).toBe('deliver char to 70x4');
    m.type({ type: 'mouse_click', button: 1, x: 70, y: 4 });
    expect(log.at(-1)).toBe('deliver mouse_click to 70x4');
    m.type({ type: 'mouse_click', button: 1, x: 71, y: 1 }); // beside the terminal (the panel): not the program's
    m.type({ type: 'mouse_scroll', direction: 1, x: 1, y: 5 }); // under it (the status line)
    expect(log.at(-1)).toBe('deliver mouse_click to 70x4');
    expect(m.print(11, 'hello\n')).toBe(true);
    expect(m.print(5, 'nobody')).toBe(false);
    m.killFocused();
    expect(log.at(-1)).toBe('kill 99 (killed from the terminal UI)');
    m.ended(11, 'shell exited (0)');
    expect(s.pid).toBeNull();
    expect(s.terminal.text.map((l) => l.trimEnd())).toEqual(['hello', '[shell exited (0)] Ctrl+R restarts the session, Ctrl+A c closes it', '', '']);
  });

  it('says why a shell did not start', () => {
    const host: SessionHost = {
      ...fakeHost().host,
      start: () => {
        throw new Error('program not found: sh');
      },
    };
    const m = new SessionManager(host, { width: 60, height: 3 }, () => {});
    const s = m.open();
    expect(s.pid).toBeNull();
    expect(s.terminal.text[0].trimEnd()).toBe('[the shell did not start: program not found: sh]');
  });
});

/** Actions that record what the keys did. */
function recorder() {
  const did: string[] = [];
  const actions: UiActions = {
    type: (e: InputEvent) =>
      void did.push(e.type === 'char' ? `char ${e.char}` : e.type === 'paste' ? `paste ${e.text}` : e.type === 'terminate' ? 'terminate' : e.type),
    reboot: () => void did.push('reboot'),
    shutdown: () => void did.push('shutdown'),
    togglePanel: () => void did.push('panel'),
    newSession: () => void did.push('new'),
    closeSession: () => void did.push('close'),
    killProcess: () => void did.push('kill'),
    quit: () => void did.push('quit'),
    focus: (i) => void did.push(`focus ${i}`),
    step: (by) => void did.push(`step ${by}`),
    prefix: (on) => void did.push(on ? 'prefix…' : 'prefix done'),
  };
  return { did, router: new KeyRouter(actions) };
}

describe('the key router', () => {
  it('sends typed keys to the program, Ctrl+T as terminate', () => {
    const { did, router } = recorder();
    router.feed('a\x14');
    expect(did).toEqual(['key', 'char a', 'key_up', 'terminate']);
  });

  it('takes the key after Ctrl+A as a command, in order with the keys around it', () => {
    const { did, router } = recorder();
    router.feed('ab\x01pc');
    expect(did).toEqual(['key', 'char a', 'key_up', 'key', 'char b', 'key_up', 'prefix…', 'prefix done', 'panel', 'key', 'char c', 'key_up']);
    did.length = 0;
    for (const chunk of ['\x01n', '\x01c', '\x01k', '\x01q', '\x013', '\x01\x1b[C', '\x01\x1b[D']) router.feed(chunk);
    expect(did.filter((d) => !d.startsWith('prefix'))).toEqual(['new', 'close', 'kill', 'quit', 'focus 2', 'step 1', 'step -1']);
  });

  it('waits across chunks for the command, and drops an unknown one', () => {
    const { did, router } = recorder();
    router.feed('\x01');
    expect(did).toEqual(['prefix…']);
    router.feed('z');
    router.feed('y');
    expect(did).toEqual(['prefix…', 'prefix done', 'key', 'char y', 'key_up']);
  });

  it('sends Ctrl+A on to the program when it is pressed twice', () => {
    const { did, router } = recorder();
    router.feed('\x01\x01');
    expect(did).toEqual(['prefix…', 'prefix done', 'key', 'key', 'key_up', 'key_up']);
  });

  it('takes Ctrl+R and Ctrl+S as reboot and shut down, but not inside a paste', () => {
    const { did, router } = recorder();
    router.feed('\x12\x13');
    expect(did).toEqual(['reboot', 'shutdown']);
    did.length = 0;
    router.feed('\x1b[200~a\x01b\x12c\x1b[201~');
    expect(did).toEqual(['paste a\x01b\x12c']);
  });
});

describe('the controller', () => {
  it('shows the panel with a snapshot taken again every PANEL_MS while shown, none once hidden', () => {
    const timer = new FakeTimer();
    const view = new ViewState({ columns: 100, rows: 30 });
    let taken = 0;
    let changes = 0;
    const sessions = new SessionManager(fakeHost().host, { width: 10, height: 3 }, () => {});
    const c = new UiController(sessions, view, {
      timer,
      snapshot: () => ({ processes: [], services: [], log: [{ t: 0, service: 'init', stream: 'stdout', text: String(++taken) }] }),
      changed: () => changes++,
      quit: () => {},
    });
    c.togglePanel();
    expect([view.panel, taken, view.snapshot?.log[0].text]).toEqual([true, 1, '1']);
    timer.advance(PANEL_MS * 3);
    expect(taken).toBe(4);
    c.togglePanel();
    timer.advance(PANEL_MS * 3);
    expect([view.panel, taken]).toEqual([false, 4]);
    c.prefix(true);
    expect(view.prefix).toBe(true);
    expect(changes).toBe(6);
  });

  it('quits when the last session closes, ending the sessions first', () => {
    const { host, log } = fakeHost();
    const sessions = new SessionManager(host, { width: 10, height: 3 }, () => {});
    let quits = 0;
    const c = new UiController(sessions, new ViewState({ columns: 100, rows: 30 }), {
      timer: new FakeTimer(),
      snapshot: () => ({ processes: [], services: [], log: [] }),
      changed: () => {},
      quit: () => quits++,
    });
    c.newSession();
    c.newSession();
    c.closeSession();
    expect(quits).toBe(0);
    c.quit();
    expect(quits).toBe(1);
    expect(log).toEqual(['start 11', 'start 12', 'end 12 (session closed)', 'end 11 (session closed)']);
    c.closeSession(); // no session left: quits again (nothing else to do)
    expect(quits).toBe(2);
  });
});

describe('the layout', () => {
  const screen = { width: 51, height: 19 };
  it('says so when the host terminal is smaller than the session needs', () => {
    const small = layout({ columns: 50, rows: 40 }, screen, false);
    expect(small).toEqual({ kind: 'too-small', message: expect.stringContaining('The terminal is 50x40: a 51x19 session needs at least 51x21') });
    expect(layout({ columns: 80, rows: 20 }, screen, false).kind).toBe('too-small');
    expect(layout({ columns: 51, rows: 21 }, screen, false)).toEqual({ kind: 'fits', panel: null, note: null });
  });
  it('puts the panel beside the terminal, else under it, else says there is no room', () => {
    expect(layout({ columns: 120, rows: 30 }, screen, true)).toEqual({ kind: 'fits', panel: { place: 'side', width: 68, height: 19 }, note: null });
    expect(layout({ columns: 80, rows: 40 }, screen, true)).toEqual({ kind: 'fits', panel: { place: 'bottom', width: 80, height: 19 }, note: null });
    expect(layout({ columns: 80, rows: 24 }, screen, true)).toEqual({ kind: 'fits', panel: null, note: 'no room for the panel' });
  });
});

describe('the console', () => {
  it('wraps, scrolls, and obeys newline, carriage return, backspace and tab; escapes are dropped', () => {
    const t = new Terminal(10, 3);
    printTo(t, 'one\ntwo\x1b[31m\n');
    printTo(t, 'abcdefghijKL\rX\bY\tZ');
    expect(t.text).toEqual(['two       ', 'abcdefghij', 'YL      Z ']);
    expect([t.cursorX, t.cursorY]).toEqual([10, 3]);
  });
});

describe('the snapshot', () => {
  it('reads processes, services and the log, with the CPU share since the last snapshot', async () => {
    const sim = await simulate({ programs: { spin: 'local n = 0 while true do n = n + 1 end', idle: 'os.pull("never")' } });
    const spin = sim.spawn('spin');
    sim.spawn('idle');
    const init = {
      services: new Map([['db', { state: { kind: 'ready' as const, pid: 7 }, target: 'up' as const }]]),
      systemLog: { snapshot: () => [{ t: 0, service: 'db', stream: 'stdout' as const, text: 'ready' }] },
    };
    const snapshot = new SystemSnapshot(sim.kernel, init);
    snapshot.take();
    sim.run({ deadlineMs: sim.kernel.now() + 50 });
    const s = snapshot.take();
    const row = s.processes.find((p) => p.pid === spin.pid)!;
    expect(row).toMatchObject({ name: 'spin', runtime: 'native' });
    expect(row.cpu).toBeGreaterThan(0.5);
    expect(row.instructions).toBeGreaterThan(0);
    expect(row.memory).toBeGreaterThan(0);
    expect(s.processes.find((p) => p.name === 'idle')).toMatchObject({ state: 'pull' });
    expect(s.processes.find((p) => p.name === 'idle')!.cpu).toBeLessThan(0.05);
    expect(s.services).toEqual([{ name: 'db', state: 'ready', target: 'up', pid: 7 }]);
    expect(s.log).toEqual([{ t: 0, service: 'db', stream: 'stdout', text: 'ready' }]);
  });
});

describe.each(VM_NAMES)('sessions over a kernel on %s', (vm) => {
  it('gives each session its own terminal: children draw there, input reaches the newest process on it, ending ends the tree', async () => {
    const shell = `
      local term = require('term')
      term.write('shell ' .. os.pid())
      local child = os.run_code("local term = require('term') term.setCursorPos(1, 2) term.write('child got ' .. os.pull('char').char) os.pull('never')", { name = 'child' })
      os.pull('never')`;
    const sim = await simulate({ vm, programs: { shell } });
    const host = kernelSessionHost(sim.kernel, sim.input, { name: 'shell' }, () => {});
    const m = new SessionManager(host, { width: 20, height: 3 }, () => {});
    const one = m.open();
    const two = m.open();
    sim.run();
    expect(one.terminal.text[0].trimEnd()).toBe(`shell ${one.pid}`);
    expect(two.terminal.text[0].trimEnd()).toBe(`shell ${two.pid}`);
    m.type({ type: 'char', char: 'b' });
    m.focus(0);
    m.type({ type: 'char', char: 'a' });
    sim.run();
    expect(one.terminal.text[1].trimEnd()).toBe('child got a');
    expect(two.terminal.text[1].trimEnd()).toBe('child got b');
    expect(sim.terminal.text.every((row) => row.trim() === '')).toBe(true);
    const tree = (root: number | null) => sim.kernel.processes.live().filter((p) => p.tree === root).length;
    expect(tree(one.pid)).toBe(2);
    const first = one.pid;
    m.close();
    sim.run();
    expect(tree(first)).toBe(0);
    expect(tree(two.pid)).toBe(2);
    expect(sim.check()).toEqual([]);
  });
});
