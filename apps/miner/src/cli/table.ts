/** Renders rows as a plain-text table (left-aligned columns, a header and a rule), for the CLI. */
export function formatTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** `2026-01-21 10:15:30` (UTC), or `-`. */
export function formatTime(date: Date | null | undefined): string {
  return date ? date.toISOString().slice(0, 19).replace('T', ' ') : '-';
}

/** Seconds between two times with one decimal, or `-`. */
export function formatDuration(from: Date | null | undefined, to: Date | null | undefined): string {
  return from && to ? `${((to.getTime() - from.getTime()) / 1000).toFixed(1)}s` : '-';
}
