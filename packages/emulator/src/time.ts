/** Timestamp formats of the wire. */

/** RFC 3339 with milliseconds, as namespace records carry it: `2024-01-15T10:30:00.000Z`. */
export function isoMillis(ms: number): string {
  return new Date(Math.floor(ms)).toISOString();
}

/** RFC 3339 with nanoseconds, as key listings carry it: `2026-06-18T14:48:17.475000000Z`. */
export function isoNanos(ms: number): string {
  const iso = new Date(Math.floor(ms)).toISOString();
  return `${iso.slice(0, -1)}000000Z`;
}
