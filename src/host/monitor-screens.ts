// Monitors on the host: a monitor's terminal is not drawn beside the session terminal. Headless, its lines are
// printed as the session terminal's are, tagged `[monitor NAME]`; in ANSI mode its last frame at the end; a dump each.
import type { Writable } from 'node:stream';
import type { Terminal } from '../devices/terminal.js';
import { HeadlessRenderer } from './headless-renderer.js';
import { dumpScreen } from './screen-dump.js';
import type { ScreenMode } from './screen.js';

/** A terminal a peripheral has, by the peripheral's name. */
export interface NamedScreen {
  name: string;
  terminal: Terminal;
}

/** The dump file of monitor `name` beside the session terminal's `file`: `.monitor-NAME` before its extension. */
export function monitorDumpFile(file: string, name: string): string {
  const safe = name.replace(/[^\w-]/g, '_');
  const dot = file.lastIndexOf('.');
  const slash = file.lastIndexOf('/');
  const [stem, ext] = dot > slash + 1 ? [file.slice(0, dot), file.slice(dot)] : [file, ''];
  return `${stem}.monitor-${safe}${ext}`;
}

export class MonitorScreens {
  private readonly renderers: HeadlessRenderer[];

  /** `owner` tags lines with their computer when several run (`computer 1 `), else ''. */
  constructor(
    private readonly monitors: readonly NamedScreen[],
    private readonly mode: ScreenMode,
    private readonly stdout: Writable,
    private readonly owner = '',
  ) {
    this.renderers = mode === 'headless' ? monitors.map((m) => new HeadlessRenderer(m.terminal, this.printer(m.name))) : [];
  }

  /** The run is over: headless, the lines not printed yet; in ANSI mode, each monitor's last frame as text lines. */
  finish(): void {
    for (const r of this.renderers) r.finish();
    if (this.mode === 'ansi') for (const m of this.monitors) new HeadlessRenderer(m.terminal, this.printer(m.name)).finish();
  }

  /** `--dump-screen FILE`: each monitor's last frame in FILE's format, to its own file beside FILE. */
  dump(file: string): void {
    for (const m of this.monitors) dumpScreen(m.terminal, monitorDumpFile(file, m.name));
  }

  private printer(name: string): (line: string) => void {
    const tag = `[${this.owner}monitor ${name}]`;
    return (line) => void this.stdout.write(line === '' ? `${tag}\n` : `${tag} ${line}\n`);
  }
}
