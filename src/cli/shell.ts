// `thox shell`: boots the system as `thox boot` does (init, the target's services, the control socket) and runs the
// terminal UI over it: sessions each running a shell, the panel, the key prefix; quitting shuts thox down in order.
import { render } from 'ink';
import { createElement } from 'react';
import { Terminal } from '../devices/terminal.js';
import { colourDepth } from '../host/ansi-colour.js';
import { App } from '../tui/app.js';
import { hostTimer } from '../tui/frame-timer.js';
import { FramePublisher } from '../tui/frames.js';
import { KeyRouter } from '../tui/key-router.js';
import { UiController } from '../tui/controller.js';
import { RowStyler } from '../tui/screen-rows.js';
import { describeEnd, kernelSessionHost, SHELL_REQUESTS, type ShellName } from '../tui/session-host.js';
import { SessionManager } from '../tui/sessions.js';
import { SystemSnapshot } from '../tui/system-snapshot.js';
import { buildFrame, type Frame, ViewState } from '../tui/view.js';
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

/**
 * The host terminal's modes while the UI runs: the alternate screen (drawn from its top left, so a mouse report's
 * cell is the session terminal's), bracketed paste, SGR mouse reports of clicks and drags.
 */
const TAKE_TERMINAL = '\x1b[?1049h\x1b[H\x1b[?2004h\x1b[?1000h\x1b[?1002h\x1b[?1006h';
const GIVE_BACK_TERMINAL = '\x1b[?1006l\x1b[?1002l\x1b[?1000l\x1b[?2004l\x1b[?1049l';

export async function shellCommand(opts: ShellOptions): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UsageError('thox shell needs a terminal (its standard input and output are not one): to run a program without one, use thox run --headless');
  }
  const size = opts.termSize ?? { width: 51, height: 19 };
  let sessions: SessionManager | undefined;
  // the session terminal of the system is the services' (nobody shows it); each UI session has a terminal of its own
  const system = await startSystem(opts, new Terminal(size.width, size.height), (pid, stream, text) => {
    const p = system.kernel.processes.get(pid);
    if (p && sessions?.print(p.tree, text)) return;
    system.init.systemLog.push({ t: system.kernel.now(), service: `pid ${pid}`, stream, text: text.replace(/\n$/, '') });
  });
  system.delivery.live = true; // a keyboard feeds input events (input.live(): sh edits lines on its terminal)
  const view = new ViewState(hostSize());
  const styler = new RowStyler(colourDepth(process.env));
  const host = kernelSessionHost(system.kernel, system.delivery, SHELL_REQUESTS[opts.shell], system.wake);
  const manager = new SessionManager(host, size, () => frames.changed());
  const frames: FramePublisher<Frame> = new FramePublisher(hostTimer, () => buildFrame(manager, view, styler));
  sessions = manager;
  system.kernel.onExit((p) => p.exit && manager.ended(p.pid, describeEnd(p.exit)));
  const snapshot = new SystemSnapshot(system.kernel, system.init);
  const controller = new UiController(manager, view, { timer: hostTimer, snapshot: () => snapshot.take(), changed: frames.changed, quit: system.shutdown });
  const router = new KeyRouter(controller);
  const onResize = (): void => {
    view.host = hostSize();
    frames.changed();
  };
  const signals = STOP_SIGNALS.map((s) => {
    const listener = (): void => controller.quit();
    process.on(s.name, listener);
    return () => process.off(s.name, listener);
  });
  const giveBack = takeTerminal((chunk) => router.feed(chunk), onResize);
  manager.open();
  const ink = render(createElement(App, { frames }), { exitOnCtrlC: false, patchConsole: false });
  try {
    await system.run(opts.target);
  } finally {
    for (const off of signals) off();
    controller.stop();
    frames.close();
    ink.unmount();
    giveBack();
    system.close();
  }
  return EXIT.ok;
}

/**
 * The host terminal for the UI: the alternate screen, raw mode, bracketed paste, mouse reports; its bytes (latin1) to `keys`, its
 * resizes to `resized`. Returns the function that gives it back as it was.
 */
function takeTerminal(keys: (bytes: string) => void, resized: () => void): () => void {
  const onData = (chunk: Buffer): void => keys(chunk.toString('latin1'));
  process.stdout.write(TAKE_TERMINAL);
  process.stdin.setRawMode(true);
  process.stdin.on('data', onData);
  process.stdin.resume();
  process.stdout.on('resize', resized);
  return () => {
    process.stdout.off('resize', resized);
    process.stdin.off('data', onData);
    process.stdin.setRawMode(false);
    process.stdin.pause();
    process.stdout.write(GIVE_BACK_TERMINAL);
  };
}

function hostSize(): { columns: number; rows: number } {
  return { columns: process.stdout.columns ?? 80, rows: process.stdout.rows ?? 24 };
}
