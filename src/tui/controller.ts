// What the UI's keys do (UiActions): typed input and the session commands go to the session manager, the panel and
// the prefix hint to the view; while the panel is shown its snapshot is taken again every PANEL_MS.
import type { InputEvent } from '../devices/input.js';
import type { FrameTimer } from './frame-timer.js';
import type { UiActions } from './key-router.js';
import type { SessionManager } from './sessions.js';
import type { Snapshot } from './system-snapshot.js';
import type { ViewState } from './view.js';

/** How often the panel's snapshot is taken while it is shown, in ms. */
export const PANEL_MS = 1000;

export class UiController implements UiActions {
  private cancelRefresh: (() => void) | null = null;

  constructor(
    private readonly sessions: SessionManager,
    private readonly view: ViewState,
    private readonly parts: {
      timer: FrameTimer;
      /** The panel's snapshot of the system now. */
      snapshot: () => Snapshot;
      /** Something shown changed. */
      changed: () => void;
      /** Quit thox (its sessions are ended first). */
      quit: () => void;
    },
  ) {}

  type(event: InputEvent): void {
    this.sessions.type(event);
  }

  reboot(): void {
    this.sessions.reboot();
  }

  shutdown(): void {
    this.sessions.shutdown();
  }

  togglePanel(): void {
    this.view.panel = !this.view.panel;
    this.cancelRefresh?.();
    this.cancelRefresh = null;
    if (this.view.panel) this.refresh();
    else this.parts.changed();
  }

  newSession(): void {
    this.sessions.open();
  }

  /** Closing the last session quits. */
  closeSession(): void {
    if (this.sessions.close() === 0) this.quit();
  }

  killProcess(): void {
    this.sessions.killFocused();
  }

  quit(): void {
    this.stop();
    this.sessions.stopAll();
    this.parts.quit();
  }

  focus(index: number): void {
    this.sessions.focus(index);
  }

  step(by: 1 | -1): void {
    this.sessions.step(by);
  }

  prefix(waiting: boolean): void {
    this.view.prefix = waiting;
    this.parts.changed();
  }

  /** No more panel refreshes (the UI is going away). */
  stop(): void {
    this.cancelRefresh?.();
    this.cancelRefresh = null;
  }

  private refresh(): void {
    this.view.snapshot = this.parts.snapshot();
    this.parts.changed();
    this.cancelRefresh = this.parts.timer.after(PANEL_MS, () => this.refresh());
  }
}
