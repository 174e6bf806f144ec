// The sessions of the terminal UI: each a shell process with a virtual terminal of its own; open, focus, close,
// reboot and shut down a session; which sessions drew something while another was in front (output waiting).
import type { InputEvent } from '../devices/input.js';
import { Terminal } from '../devices/terminal.js';
import { printTo } from './console.js';

/** What sessions need of the system (shell.ts gives the kernel's; tests a fake). */
export interface SessionHost {
  /** Starts the session's shell drawing on `terminal`; returns its pid. Throws the reason it cannot start. */
  start(terminal: Terminal): number;
  /** Ends the shell started as `pid` and every process it started (its process tree). */
  end(pid: number, reason: string): void;
  /** Gives an input event to the focused process of `terminal`. */
  deliver(event: InputEvent, terminal: Terminal): void;
  /** The focused process of `terminal` (the newest drawing on it), if any. */
  focused(terminal: Terminal): number | undefined;
  kill(pid: number, reason: string): void;
}

export interface Session {
  /** Its id (never reused). */
  readonly id: number;
  readonly terminal: Terminal;
  /** Its shell's pid while the shell runs. */
  pid: number | null;
  /** Something was drawn on it while another session was in front. */
  waiting: boolean;
}

/** Reasons the processes of a session end with. */
const REASONS = { close: 'session closed', reboot: 'session rebooted', shutdown: 'session shut down', kill: 'killed from the terminal UI' };

export class SessionManager {
  readonly sessions: Session[] = [];
  private focusedAt = -1;
  private nextId = 1;

  constructor(
    private readonly host: SessionHost,
    private readonly size: { width: number; height: number },
    /** Something shown changed (the frame publisher's `changed`). */
    private readonly changed: () => void,
  ) {}

  /** The session in front, if any. */
  get focused(): Session | undefined {
    return this.sessions[this.focusedAt];
  }

  /** A new session, in front. */
  open(): Session {
    const terminal = new Terminal(this.size.width, this.size.height);
    const session: Session = { id: this.nextId++, terminal, pid: null, waiting: false };
    terminal.onChange = () => {
      if (session !== this.focused) session.waiting = true;
      this.changed();
    };
    this.sessions.push(session);
    this.focus(this.sessions.length - 1);
    this.boot(session);
    return session;
  }

  /** Brings the session at `index` to the front (an index out of range changes nothing). */
  focus(index: number): void {
    if (index < 0 || index >= this.sessions.length) return;
    this.focusedAt = index;
    this.sessions[index].waiting = false;
    this.changed();
  }

  /** The next (step 1) or previous (-1) session, round. */
  step(by: 1 | -1): void {
    const n = this.sessions.length;
    if (n > 0) this.focus((this.focusedAt + by + n) % n);
  }

  /** Ends the session in front and its processes; the one before it comes to the front. Returns how many are left. */
  close(): number {
    const session = this.focused;
    if (!session) return 0;
    this.stop(session, REASONS.close);
    this.sessions.splice(this.focusedAt, 1);
    this.focusedAt = Math.min(this.focusedAt, this.sessions.length - 1);
    if (this.focused) this.focused.waiting = false;
    this.changed();
    return this.sessions.length;
  }

  /** Ctrl+R: the session's processes end, its terminal is cleared and its shell starts again. */
  reboot(): void {
    const session = this.focused;
    if (!session) return;
    this.stop(session, REASONS.reboot);
    session.terminal.setTextColour(0);
    session.terminal.setBackgroundColour(15);
    session.terminal.clear();
    session.terminal.setCursorPos(1, 1);
    this.boot(session);
  }

  /** Ctrl+S: the session's processes end; the session stays, to be rebooted or closed. */
  shutdown(): void {
    const session = this.focused;
    if (session?.pid == null) return;
    this.stop(session, REASONS.shutdown);
    this.tell(session, REASONS.shutdown);
  }

  /** Ctrl+A k: the focused process of the session in front is killed (its shell, when nothing runs in it). */
  killFocused(): void {
    const session = this.focused;
    const pid = session && this.host.focused(session.terminal);
    if (pid !== undefined) this.host.kill(pid, REASONS.kill);
  }

  /** Typed input, to the focused process of the session in front; a mouse event only over its terminal (drawn at the top left). */
  type(event: InputEvent): void {
    const session = this.focused;
    if (session?.pid == null) return;
    const t = session.terminal;
    if ('x' in event && (event.x > t.width || event.y > t.height)) return;
    this.host.deliver(event, t);
  }

  /** What a process printed: on its session's console (`root`: the pid its process tree started from); false when no session has it. */
  print(root: number, text: string): boolean {
    const session = this.sessions.find((s) => s.pid === root);
    if (!session) return false;
    printTo(session.terminal, text);
    return true;
  }

  /** A process ended: when it is a session's shell, the session says so on its console. */
  ended(pid: number, how: string): void {
    const session = this.sessions.find((s) => s.pid === pid);
    if (!session) return;
    session.pid = null;
    this.tell(session, how);
  }

  /** How the session's shell ended, and what can be done, on its console. */
  private tell(session: Session, how: string): void {
    const fresh = session.terminal.cursorX === 1 ? '' : '\n';
    printTo(session.terminal, `${fresh}[${how}] Ctrl+R restarts the session, Ctrl+A c closes it\n`);
  }

  /** Every session's processes ended (thox is quitting). */
  stopAll(): void {
    for (const s of this.sessions) this.stop(s, REASONS.close);
  }

  private boot(session: Session): void {
    try {
      session.pid = this.host.start(session.terminal);
    } catch (e) {
      printTo(session.terminal, `[the shell did not start: ${e instanceof Error ? e.message : String(e)}]\n`);
    }
    this.changed();
  }

  private stop(session: Session, reason: string): void {
    const pid = session.pid;
    session.pid = null;
    if (pid !== null) this.host.end(pid, reason);
  }
}
