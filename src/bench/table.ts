// Result tables: one model, rendered as aligned plain text for the terminal and as Markdown for the report.
// Cells are strings already formatted by the benchmark that owns the table; numbers align right.

export interface Table {
  title: string;
  columns: string[];
  rows: string[][];
  /** Lines printed under the table (what the columns mean, targets, warnings). */
  notes?: string[];
}

const NUMERIC = /^[-+±~<>≤≥]?\s*[\d.,]+\s*(x|%|ms|µs|s|KB|MB|\/s)?(\s.*)?$/;

function isNumeric(cell: string): boolean {
  return NUMERIC.test(cell.trim());
}

/** The table as plain text with aligned columns (numbers right-aligned, text left-aligned). */
export function renderText(t: Table): string {
  const widths = t.columns.map((c, i) => Math.max(c.length, ...t.rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[], header = false): string =>
    cells
      .map((cell, i) => (!header && i > 0 && isNumeric(cell) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const out = [t.title, '='.repeat(t.title.length), line(t.columns, true), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of t.rows) out.push(line(r));
  for (const n of t.notes ?? []) out.push(`  ${n}`);
  return out.join('\n');
}

/** The table as GitHub Markdown (a heading, the table, then the notes as a list). */
export function renderMarkdown(t: Table): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  const align = t.columns.map((_, i) => (i > 0 && t.rows.length > 0 && t.rows.every((r) => isNumeric(r[i] ?? '') || (r[i] ?? '') === '') ? '---:' : '---'));
  const out = [`### ${t.title}`, '', `| ${t.columns.map(esc).join(' | ')} |`, `|${align.join('|')}|`];
  for (const r of t.rows) out.push(`| ${r.map(esc).join(' | ')} |`);
  if (t.notes?.length) out.push('', ...t.notes.map((n) => `- ${n}`));
  return out.join('\n');
}

/** Formats a number with a fixed count of decimals and thousands separators. */
export function num(value: number, decimals = 0): string {
  if (!Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** A ratio as "1.23x". */
export function ratio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}x` : '—';
}
