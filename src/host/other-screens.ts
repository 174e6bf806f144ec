// The terminals beside the session terminal, not drawn on the host screen: monitors, and the other computers' of
// a run of several. Headless, their rows are printed as the session terminal's are, each line tagged with its
// screen's name (`[monitor top]`, `[computer 1]`); in ANSI mode their last frames at the end; a dump file each.
import type { Writable } from 'node:stream';
import type { Terminal } from '../devices/terminal.js';
import { HeadlessRenderer } from './headless-renderer.js';
import { dumpScreen } from './screen-dump.js';
import type { ScreenMode } from './screen.js';

/** A terminal shown beside the session terminal, by its name (`monitor top`, `computer 1`, `computer 1 monitor top`). */
export interface NamedScreen {
  name: string;
  terminal: Terminal;
}

/** The dump file of screen `name` beside the session terminal's `file`: `.NAME` before its extension, spaces as `-`. */
export function otherDumpFile(file: string, name: string): string {
  const safe = name.replace(/ /g, '-').replace(/[^\w-]/g, '_');
  const dot = file.lastIndexOf('.');
  const slash = file.lastIndexOf('/');
  const [stem, ext] = dot > slash + 1 ? [file.slice(0, dot), file.slice(dot)] : [file, ''];
  return `${stem}.${safe}${ext}`;
}

export class OtherScreens {
  private readonly renderers: HeadlessRenderer[];

  constructor(
    private readonly screens: readonly NamedScreen[],
    private readonly mode: ScreenMode,
    private readonly stdout: Writable,
  ) {
    this.renderers = mode === 'headless' ? screens.map((s) => new HeadlessRenderer(s.terminal, this.printer(s.name))) : [];
  }

  /** The run is over: headless, the rows not printed yet; in ANSI mode, each screen's last frame as text lines. */
  finish(): void {
    for (const r of this.renderers) r.finish();
    if (this.mode === 'ansi') for (const s of this.screens) new HeadlessRenderer(s.terminal, this.printer(s.name)).finish();
  }

  /** `--dump-screen FILE`: each screen's last frame in FILE's format, to its own file beside FILE. */
  dump(file: string): void {
    for (const s of this.screens) dumpScreen(s.terminal, otherDumpFile(file, s.name));
  }

  private printer(name: string): (line: string) => void {
    return (line) => void this.stdout.write(line === '' ? `[${name}]\n` : `[${name}] ${line}\n`);
  }
}
