// One frame of the terminal UI, built from the model outside React: the layout for the host's size, the focused
// session's rows, the session tabs, whether the prefix waits for its command, the panel's snapshot.
import { type HostSize, type Layout, layout } from './layout.js';
import type { RowStyler, ScreenFrame } from './screen-rows.js';
import type { SessionManager } from './sessions.js';
import type { Snapshot } from './system-snapshot.js';

export interface Tab {
  /** The session's id (it keeps it while the tabs before it close; its label is its place). */
  id: number;
  focused: boolean;
  /** Drawn on while another session was in front. */
  waiting: boolean;
  /** Its shell runs. */
  running: boolean;
}

export interface Frame {
  host: HostSize;
  layout: Layout;
  /** The focused session's terminal; null when there is no session. */
  screen: ScreenFrame | null;
  tabs: Tab[];
  prefix: boolean;
  /** What the panel shows, when it is shown. */
  panel: Snapshot | null;
}

/** The UI's own state (what the keys change besides the sessions). */
export class ViewState {
  panel = false;
  prefix = false;
  snapshot: Snapshot | null = null;

  constructor(public host: HostSize) {}
}

export function buildFrame(sessions: SessionManager, view: ViewState, styler: RowStyler): Frame {
  const focused = sessions.focused;
  const screen = focused ? styler.frame(focused.terminal) : null;
  const size = screen ?? { width: 0, height: 0 };
  const shown = layout(view.host, size, view.panel);
  return {
    host: view.host,
    layout: shown,
    screen,
    tabs: sessions.sessions.map((s) => ({ id: s.id, focused: s === focused, waiting: s.waiting, running: s.pid !== null })),
    prefix: view.prefix,
    panel: shown.kind === 'fits' && shown.panel ? view.snapshot : null,
  };
}
