/** Binary search over an ascending string array; JS string order equals byte order for key characters (ASCII). */

/** Index of the first element `>= target` (or `length`). */
export function lowerBound(sorted: readonly string[], target: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element `> target` (or `length`). */
export function upperBound(sorted: readonly string[], target: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) <= target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Inserts `value` in place, keeping order; appends cheaply when keys arrive in order. */
export function insertSorted(sorted: string[], value: string): void {
  const last = sorted[sorted.length - 1];
  if (last === undefined || last < value) {
    sorted.push(value);
    return;
  }
  sorted.splice(lowerBound(sorted, value), 0, value);
}

/** Removes `value` if present. */
export function removeSorted(sorted: string[], value: string): void {
  const index = lowerBound(sorted, value);
  if (sorted[index] === value) sorted.splice(index, 1);
}
