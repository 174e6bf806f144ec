// `thox shell`: boots the system as `thox boot` does (init, the target's services, the control socket) and runs the
// terminal UI over it: sessions each running a shell, the panel, the key prefix; quitting shuts thox down in order.
import { render } from 'ink';
import { createElement } from 'react';
import { Terminal } from '../devices/terminal.js';
import { colourDepth } from '../host/ansi-colour.js';
import { App } from '../tui/app.js';
import { hostTimer } from '../tui/frame-timer.js';
import { FramePublisher } from '../tui/frames.js';
import { KeyRouter, type UiActions } from '../tui/key-router.js';
import { RowStyler } from '../tui/screen-rows.js';
import { describeEnd, kernelSessionHost, SHELL_REQUESTS, type ShellName } from '../tui/session-host.js';
import { SessionManager } from '../tui/sessions.js';
import { SystemSnapshot } from '../tui/system-snapshot.js';
import { buildFrame, ViewState } from '../tui/view.js';
import type { VmName } from '../vm/vm.js';
import { startSystem, type SystemDevices } from './boot.js';
import { EXIT, STOP_SIGNALS, UsageError } from './errors.js';
import type { TermSize } from './options.js';

export interface ShellOptions extends SystemDevices {
  shell: ShellName;
  vm: VmName;
  store?: string;
  target: string;
  /** Each session's terminal size (default 51x19, CraftOS's). */
  termSize?: TermSize;
}

/** How often the panel's snapshot is taken while the panel is shown, in host ms. */
const PANEL_MS = 1000;
/** The host terminal's modes while the UI runs: the alternate screen (drawn from its top left) and bracketed paste. */
const TAKE_TERMINAL = '\x1b[?1049h\x1b[H\x1b[?2004h';
const GIVE_BACK_TERMINAL = '\x1b[?2004l\x1b[?1049l';

export async function shellCommand(opts: ShellOptions): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UsageError('thox shell needs a terminal (its standard input and output are not one): to run a program without one, use thox run --headless');
  }
  const size = opts.termSize ?? { width: 51, height: 19 };
  let sessions: SessionManager | null = null;
  // the session terminal of the system is the services' (nobody shows it); each UI session has a terminal of its own
  const system = await startSystem(opts, new Terminal(size.width, size.height), (pid, stream, text) => {
    const p = system.kernel.processes.get(pid);
    if (p && sessions?.print(p.tree, text)) return;
    system.init.systemLog.push({ t: system.kernel.now(), service: `pid ${pid}`, stream, text: text.replace(/\n$/, '') });
  });
  const view = new ViewState(hostSize());
  const styler = new RowStyler(colourDepth(process.env));
  const snapshot = new SystemSnapshot(system.kernel, system.init);
  const manager = new SessionManager(kernelSessionHost(system.kernel, system.delivery, SHELL_REQUESTS[opts.shell], system.wake), size, () => frames.changed());
  const frames: FramePublisher<ReturnType<typeof buildFrame>> = new FramePublisher(hostTimer, () => buildFrame(manager, view, styler));
  sessions = manager;
  system.kernel.onExit((p) => p.exit && manager.ended(p.pid, describeEnd(p.exit)));

  const quit = (): void => {
    manager.stopAll();
    system.shutdown();
  };
  let panelTimer: NodeJS.Timeout | undefined;
  const refreshPanel = (): void => {
    view.snapshot = snapshot.take();
    frames.changed();
  };
  const actions: UiActions = {
    type: (e) => manager.type(e),
    reboot: () => manager.reboot(),
    shutdown: () => manager.shutdown(),
    togglePanel: () => {
      view.panel = !view.panel;
      clearInterval(panelTimer);
      if (view.panel) {
        refreshPanel();
        panelTimer = setInterval(refreshPanel, PANEL_MS);
      } else frames.changed();
    },
    newSession: () => manager.open(),
    closeSession: () => manager.close() === 0 && quit(),
    killProcess: () => manager.killFocused(),
    quit,
    focus: (i) => manager.focus(i),
    step: (by) => manager.step(by),
    prefix: (waiting) => {
      view.prefix = waiting;
      frames.changed();
    },
  };
  system.delivery.live = true; // a keyboard feeds input events (input.live(): sh edits lines on its terminal)
  const router = new KeyRouter(actions);
  const onData = (chunk: Buffer): void => router.feed(chunk.toString('latin1'));
  const onResize = (): void => {
    view.host = hostSize();
    frames.changed();
  };
  const signals = STOP_SIGNALS.map((s) => {
    process.on(s.name, quit);
    return () => process.off(s.name, quit);
  });

  process.stdout.write(TAKE_TERMINAL);
  process.stdin.setRawMode(true);
  process.stdin.on('data', onData);
  process.stdin.resume();
  process.stdout.on('resize', onResize);
  manager.open();
  const ink = render(createElement(App, { frames }), { exitOnCtrlC: false, patchConsole: false });
  try {
    await system.run(opts.target);
  } finally {
    for (const off of signals) off();
    clearInterval(panelTimer);
    frames.close();
    ink.unmount();
    process.stdout.off('resize', onResize);
    process.stdin.off('data', onData);
    process.stdin.setRawMode(false);
    process.stdin.pause();
    process.stdout.write(GIVE_BACK_TERMINAL);
    system.close();
  }
  return EXIT.ok;
}

function hostSize(): { columns: number; rows: number } {
  return { columns: process.stdout.columns ?? 80, rows: process.stdout.rows ?? 24 };
}
