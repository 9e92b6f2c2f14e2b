/** Strict parsing of integer query parameters: digits only, so "1.5", "1e3", " 7" and "0x10" are refused. */

const DIGITS = /^[0-9]+$/;

/** The integer value of `raw`, or `undefined` when it is not a plain non-negative decimal integer. */
export function parseWholeNumber(raw: string): number | undefined {
  if (!DIGITS.test(raw)) return undefined;
  const value = Number(raw);
  // Digits only, so an unsafe value is merely huge: saturate and let the caller's range check decide.
  return Number.isSafeInteger(value) ? value : Number.MAX_SAFE_INTEGER;
}

/**
 * An optional query parameter that is a whole number of at least 1: `fallback` when absent, `undefined` when
 * present but not such a number (the caller answers 400). Huge values saturate; the caller clamps or refuses.
 */
export function positiveParam(params: URLSearchParams, name: string, fallback: number): number | undefined {
  const raw = params.get(name);
  if (raw === null) return fallback;
  const value = parseWholeNumber(raw);
  return value === undefined || value < 1 ? undefined : value;
}
