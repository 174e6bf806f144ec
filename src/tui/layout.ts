// Where things go on the host terminal: the session's terminal at its size, the status line under it, and the panel
// beside it when there is room (else under it, else not shown); a host terminal too small for the session says so.

export interface HostSize {
  columns: number;
  rows: number;
}

export type Layout =
  | { kind: 'too-small'; message: string }
  | { kind: 'fits'; panel: { place: 'side' | 'bottom'; width: number; height: number } | null; note: string | null };

/** The status line's rows. */
const STATUS_ROWS = 1;
/** The narrowest side panel and the lowest bottom panel worth showing. */
const SIDE_MIN = 34;
const BOTTOM_MIN = 6;
/** The widest side panel. */
const SIDE_MAX = 72;

export function layout(host: HostSize, screen: { width: number; height: number }, panelWanted: boolean): Layout {
  // ink clears and redraws the whole host terminal each frame when a frame fills it: one row stays free
  const rows = host.rows - 1;
  const needed = screen.height + STATUS_ROWS;
  if (host.columns < screen.width || rows < needed) {
    return {
      kind: 'too-small',
      message: `The terminal is ${host.columns}x${host.rows}: a ${screen.width}x${screen.height} session needs at least ${screen.width}x${needed + 1}. Make it larger (or start thox shell with a smaller --term-size).`,
    };
  }
  if (!panelWanted) return { kind: 'fits', panel: null, note: null };
  const side = host.columns - screen.width - 1;
  if (side >= SIDE_MIN) return { kind: 'fits', panel: { place: 'side', width: Math.min(side, SIDE_MAX), height: screen.height }, note: null };
  if (rows - needed >= BOTTOM_MIN) return { kind: 'fits', panel: { place: 'bottom', width: host.columns, height: rows - needed }, note: null };
  return { kind: 'fits', panel: null, note: 'no room for the panel' };
}
