/** Strict parsing of integer query parameters: digits only, so "1.5", "1e3", " 7" and "0x10" are refused. */

const DIGITS = /^[0-9]+$/;

/** The integer value of `raw`, or `undefined` when it is not a plain non-negative decimal integer. */
export function parseWholeNumber(raw: string): number | undefined {
  if (!DIGITS.test(raw)) return undefined;
  const value = Number(raw);
  // Digits only, so an unsafe value is merely huge: saturate and let the caller's range check decide.
  return Number.isSafeInteger(value) ? value : Number.MAX_SAFE_INTEGER;
}
