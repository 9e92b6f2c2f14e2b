// Which rows `pnpm test:runtimes` runs, from TELNYX_KV_MATRIX_ONLY and TELNYX_KV_MATRIX_PARALLEL. A setting
// that selects nothing must fail the run: a matrix of zero rows would "pass" and prove nothing.

/** Rows run at once when TELNYX_KV_MATRIX_PARALLEL is unset: the machine may be small. */
export const DEFAULT_PARALLEL = 3;

/** What the two settings select, or the one line that says what is wrong with them. */
export type MatrixSelection =
  | { ok: true; runtimes: string[]; parallel: number; filtered: boolean }
  | { ok: false; problem: string };

/**
 * The runtimes (of `names`, in their order) and the parallelism the environment asks for. `ONLY` is a
 * comma-separated list of name prefixes (case-insensitive); every prefix must name a runtime.
 */
export function matrixSelection(
  env: Record<string, string | undefined>,
  names: readonly string[],
): MatrixSelection {
  const rawParallel = env.TELNYX_KV_MATRIX_PARALLEL?.trim();
  let parallel = DEFAULT_PARALLEL;
  if (rawParallel !== undefined && rawParallel !== "") {
    parallel = /^[0-9]+$/.test(rawParallel) ? Number(rawParallel) : Number.NaN;
    if (!(parallel >= 1)) {
      return {
        ok: false,
        problem: `TELNYX_KV_MATRIX_PARALLEL is ${JSON.stringify(rawParallel)}: set it to a whole number of rows run at once, 1 or more (default ${DEFAULT_PARALLEL}), or unset it.`,
      };
    }
  }
  const rawOnly = env.TELNYX_KV_MATRIX_ONLY;
  if (rawOnly === undefined) return { ok: true, runtimes: [...names], parallel, filtered: false };
  const wanted = rawOnly
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== "");
  const known = names.map((name) => JSON.stringify(name)).join(", ");
  if (wanted.length === 0) {
    return {
      ok: false,
      problem: `TELNYX_KV_MATRIX_ONLY is set but names no runtime: list some (comma-separated prefixes of ${known}), or unset it to run them all.`,
    };
  }
  const matches = (name: string, prefix: string) => name.toLowerCase().startsWith(prefix);
  const unknown = wanted.filter((prefix) => !names.some((name) => matches(name, prefix)));
  if (unknown.length > 0) {
    return {
      ok: false,
      problem: `TELNYX_KV_MATRIX_ONLY names no runtime for ${unknown.map((p) => JSON.stringify(p)).join(", ")}: use prefixes of ${known}.`,
    };
  }
  const runtimes = names.filter((name) => wanted.some((prefix) => matches(name, prefix)));
  return { ok: true, runtimes, parallel, filtered: true };
}
