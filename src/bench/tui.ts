// The terminal UI's frame costs: a 51x19 session drawn through ink (the app thox shell renders, on a fake host
// terminal): the time from a frame published to its bytes written, and the bytes, for a full-screen update and a one-row one.
import { EventEmitter } from 'node:events';
import { render } from 'ink';
import { createElement } from 'react';
import { HEX } from '../devices/terminal.js';
import { App } from '../tui/app.js';
import { ManualTimer } from '../tui/frame-timer.js';
import { FramePublisher } from '../tui/frames.js';
import { RowStyler } from '../tui/screen-rows.js';
import { type SessionHost, SessionManager } from '../tui/sessions.js';
import { buildFrame, ViewState } from '../tui/view.js';
import { median } from './stats.js';
import { filler } from './terminal.js';
import { num, type Table } from './table.js';

/** A frame of either kind is drawn within its share of 30 frames a second. */
export const TUI_FRAME_TARGET_MS = 33;

export interface TuiResult {
  tables: Table[];
  fullMs: number;
  rowMs: number;
}

/** A host terminal that counts what is written to it and tells the bench when a write came. */
class CountingStdout extends EventEmitter {
  readonly columns = 120;
  readonly rows = 40;
  bytes = 0;
  written: (() => void) | null = null;
  write(data: string): boolean {
    this.bytes += Buffer.byteLength(data);
    this.written?.();
    return true;
  }
}

const PRINTABLE = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).join('');

const host: SessionHost = { start: () => 1, end: () => {}, deliver: () => {}, focused: () => undefined, kill: () => {} };

/** Median frame time and bytes of full-screen and one-row updates; colours change every `run` cells. */
async function measure(reps: number, run: number): Promise<{ fullMs: number; fullBytes: number; rowMs: number; rowBytes: number }> {
  const stdout = new CountingStdout();
  const timer = new ManualTimer();
  const view = new ViewState({ columns: stdout.columns, rows: stdout.rows });
  let frames: FramePublisher<ReturnType<typeof buildFrame>> | null = null;
  const sessions = new SessionManager(host, { width: 51, height: 19 }, () => frames?.changed());
  const t = sessions.open().terminal;
  const styler = new RowStyler('truecolor');
  frames = new FramePublisher(timer, () => buildFrame(sessions, view, styler));
  const publisher = frames;
  const ink = render(createElement(App, { frames: publisher }), {
    // ink uses only columns, rows, write and the resize event of its stdout (as ink-testing-library's fake)
    stdout: stdout as unknown as NodeJS.WriteStream,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 1000,
  });
  const fill = filler(7);
  const colours = (): string => {
    let out = '';
    while (out.length < t.width) out += fill(1, HEX).repeat(run);
    return out.slice(0, t.width);
  };
  const paint = (y: number): void => {
    t.setCursorPos(1, y);
    t.blit(fill(t.width, PRINTABLE), colours(), colours());
  };
  /** Publishes the frame the change made and waits until ink has written it: its time and bytes. */
  const frame = async (change: () => void): Promise<{ ms: number; bytes: number }> => {
    change();
    const before = stdout.bytes;
    const drawn = new Promise<void>((resolve) => {
      stdout.written = resolve;
    });
    const t0 = performance.now();
    timer.fire();
    await drawn;
    stdout.written = null;
    return { ms: performance.now() - t0, bytes: stdout.bytes - before };
  };
  const full: Array<{ ms: number; bytes: number }> = [];
  const row: Array<{ ms: number; bytes: number }> = [];
  for (let i = 0; i < reps; i++) {
    full.push(
      await frame(() => {
        for (let y = 1; y <= t.height; y++) paint(y);
      }),
    );
    // ink throttles its writes even at a high maxFps: its trailing write passes before the next frame
    await new Promise((resolve) => setTimeout(resolve, 2));
    row.push(await frame(() => paint((i % t.height) + 1)));
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  ink.unmount();
  const m = (list: Array<{ ms: number; bytes: number }>, key: 'ms' | 'bytes'): number => median(list.map((f) => f[key]));
  return { fullMs: m(full, 'ms'), fullBytes: m(full, 'bytes'), rowMs: m(row, 'ms'), rowBytes: m(row, 'bytes') };
}

export async function runTui(config: { reps: number }, log: (line: string) => void): Promise<TuiResult> {
  const runs = await measure(config.reps, 10);
  const cells = await measure(config.reps, 1);
  log('  tui frames measured');
  const ok = (met: boolean): string => (met ? 'ok' : 'MISS');
  const time = (ms: number): string[] => [`${ms.toFixed(2)} ms`, `<= ${TUI_FRAME_TARGET_MS} ms`, ok(ms <= TUI_FRAME_TARGET_MS)];
  return {
    fullMs: runs.fullMs,
    rowMs: runs.rowMs,
    tables: [
      {
        title: 'Terminal UI (thox shell), a 51x19 session through ink',
        columns: ['measure', 'value', 'target', 'status'],
        rows: [
          ['full-screen update: frame time', ...time(runs.fullMs)],
          ['full-screen update: bytes written', num(runs.fullBytes), '', ''],
          ['one-row update: frame time', ...time(runs.rowMs)],
          ['one-row update: bytes written', num(runs.rowBytes), '', ''],
          ['full-screen update, colours changing every cell: frame time', `${cells.fullMs.toFixed(2)} ms`, '', ''],
          ['full-screen update, colours changing every cell: bytes written', num(cells.fullBytes), '', ''],
        ],
        notes: [
          `median of ${config.reps} frames each: from the frame published to ink's bytes written (model, React, layout, output), wall time`,
          'random text, colours in runs of 10 cells (about 5 a row, as CraftOS screens), true colour; the worst case changes colours at every cell',
          'ink writes the whole frame each time: its incremental mode is not used (ink 6.8 moves the cursor one line short after a frame ending in a newline, so changed rows land one row low)',
        ],
      },
    ],
  };
}
