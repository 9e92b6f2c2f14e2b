/**
 * A small `expect` with the matchers the suite uses, so the cases run where Vitest does not (Bun, Deno,
 * workerd, any Node): the same words as Vitest's, our own code, no dependency.
 */

/** Thrown when a conformance check fails; the message shows what was expected and what came. */
export class ConformanceAssertionError extends Error {
  override name = "ConformanceAssertionError";
}

/** A short, readable rendering of any value for failure messages. */
export function show(value: unknown): string {
  if (typeof value === "string")
    return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
  if (typeof value === "function") return `[function ${value.name || "anonymous"}]`;
  if (typeof value === "bigint") return `${value}n`;
  if (value instanceof Error) {
    const fields = Object.fromEntries(Object.entries(value).filter(([, field]) => typeof field !== "object"));
    return `${value.name}: ${value.message} ${JSON.stringify(fields)}`;
  }
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${value.byteLength})`;
  try {
    const text = JSON.stringify(value, (_key, field) => (field === undefined ? "undefined" : field));
    return text === undefined ? String(value) : text.length > 300 ? `${text.slice(0, 300)}…` : text;
  } catch {
    return String(value);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

/** Deep equality as Vitest's `toEqual` reads it: same structure and values, `undefined` fields ignored. */
export function deepEqual(actual: unknown, expected: unknown): boolean {
  if (Object.is(actual, expected)) return true;
  if (Array.isArray(actual) || Array.isArray(expected)) {
    if (!Array.isArray(actual) || !Array.isArray(expected) || actual.length !== expected.length) return false;
    return actual.every((item, index) => deepEqual(item, expected[index]));
  }
  if (ArrayBuffer.isView(actual) && ArrayBuffer.isView(expected)) {
    const a = new Uint8Array(actual.buffer, actual.byteOffset, actual.byteLength);
    const b = new Uint8Array(expected.buffer, expected.byteOffset, expected.byteLength);
    return a.length === b.length && a.every((byte, index) => byte === b[index]);
  }
  if (!isPlainObject(actual) || !isPlainObject(expected)) return false;
  const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
  for (const key of keys) if (!deepEqual(actual[key], expected[key])) return false;
  return true;
}

/** Whether `actual` has every field of `expected` (recursively), as Vitest's `toMatchObject` reads it. */
export function matchesObject(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((item, index) => matchesObject(actual[index], item))
    );
  }
  if (!isPlainObject(expected)) return deepEqual(actual, expected);
  if (typeof actual !== "object" || actual === null) return false;
  const record = actual as Record<string, unknown>;
  return Object.keys(expected).every((key) => matchesObject(record[key], expected[key]));
}

function matchesText(actual: unknown, pattern: RegExp | string): boolean {
  return (
    typeof actual === "string" &&
    (typeof pattern === "string" ? actual.includes(pattern) : pattern.test(actual))
  );
}

/** The matchers, each a check plus how to say what it wanted. */
const MATCHERS = {
  toBe: (actual: unknown, expected: unknown) => [Object.is(actual, expected), `to be ${show(expected)}`],
  toEqual: (actual: unknown, expected: unknown) => [
    deepEqual(actual, expected),
    `to equal ${show(expected)}`,
  ],
  toMatchObject: (actual: unknown, expected: object) => [
    matchesObject(actual, expected),
    `to match ${show(expected)}`,
  ],
  toMatch: (actual: unknown, pattern: RegExp | string) => [
    matchesText(actual, pattern),
    `to match ${pattern}`,
  ],
  toContain: (actual: unknown, item: unknown) => [
    typeof actual === "string"
      ? actual.includes(String(item))
      : Array.isArray(actual) && actual.includes(item),
    `to contain ${show(item)}`,
  ],
  toHaveLength: (actual: unknown, length: number) => [
    (actual as { length?: unknown } | null)?.length === length,
    `to have length ${length}`,
  ],
  toBeNull: (actual: unknown) => [actual === null, "to be null"],
  toBeUndefined: (actual: unknown) => [actual === undefined, "to be undefined"],
  toBeNaN: (actual: unknown) => [Number.isNaN(actual), "to be NaN"],
  toBeGreaterThan: (actual: unknown, bound: number) => [(actual as number) > bound, `to be > ${bound}`],
  toBeGreaterThanOrEqual: (actual: unknown, bound: number) => [
    (actual as number) >= bound,
    `to be >= ${bound}`,
  ],
  toBeLessThan: (actual: unknown, bound: number) => [(actual as number) < bound, `to be < ${bound}`],
  toBeLessThanOrEqual: (actual: unknown, bound: number) => [(actual as number) <= bound, `to be <= ${bound}`],
  toSatisfy: (actual: unknown, predicate: (value: unknown) => boolean) => [
    predicate(actual),
    `to satisfy ${predicate.name || "the predicate"}`,
  ],
} satisfies Record<string, (actual: never, ...args: never[]) => [boolean, string]>;

type Matchers = typeof MATCHERS;
type Args<K extends keyof Matchers> = Parameters<Matchers[K]> extends [unknown, ...infer Rest] ? Rest : never;
/** The synchronous checks on one value. */
export type KvSyncChecks = { [K in keyof Matchers]: (...args: Args<K>) => void } & {
  /** Calls the value (a function) and checks that it throws, with a message matching `pattern` if given. */
  toThrow(pattern?: RegExp | string): void;
};
/** The same checks on what a promise (or an async function) settles with. */
export type KvAsyncChecks = { [K in keyof Matchers]: (...args: Args<K>) => Promise<void> } & {
  toThrow(pattern?: RegExp | string): Promise<void>;
};

function apply(
  name: string,
  actual: unknown,
  args: unknown[],
  negate: boolean,
  label: string | undefined,
): void {
  if (name === "toThrow") {
    checkThrown(actual, args[0] as RegExp | string | undefined, negate, label);
    return;
  }
  const matcher = MATCHERS[name as keyof Matchers] as (
    actual: unknown,
    ...rest: unknown[]
  ) => [boolean, string];
  const [pass, wanted] = matcher(actual, ...args);
  if (pass !== negate) return;
  const prefix = label ? `${label}: ` : "";
  throw new ConformanceAssertionError(`${prefix}expected ${show(actual)} ${negate ? "not " : ""}${wanted}`);
}

function checkThrown(
  error: unknown,
  pattern: RegExp | string | undefined,
  negate: boolean,
  label?: string,
): void {
  let thrown: unknown;
  let threw = false;
  if (typeof error === "function") {
    try {
      (error as () => unknown)();
    } catch (caught) {
      threw = true;
      thrown = caught;
    }
  } else {
    threw = true;
    thrown = error;
  }
  const message = (thrown as { message?: unknown } | undefined)?.message;
  const pass = threw && (pattern === undefined || matchesText(message, pattern));
  if (pass !== negate) return;
  const prefix = label ? `${label}: ` : "";
  const got = threw ? `it threw ${show(thrown)}` : "it did not throw";
  throw new ConformanceAssertionError(
    `${prefix}expected ${negate ? "no " : "a "}throw ${pattern ?? ""}, ${got}`,
  );
}

function checks(actual: unknown, negate: boolean, label?: string): KvSyncChecks {
  const names = [...Object.keys(MATCHERS), "toThrow"];
  return Object.fromEntries(
    names.map((name) => [name, (...args: unknown[]) => apply(name, actual, args, negate, label)]),
  ) as KvSyncChecks;
}

function settled(value: unknown, wantRejection: boolean, label?: string): KvAsyncChecks {
  const names = [...Object.keys(MATCHERS), "toThrow"];
  return Object.fromEntries(
    names.map((name) => [
      name,
      async (...args: unknown[]) => {
        let outcome: unknown;
        let rejected = false;
        try {
          outcome = await (typeof value === "function" ? (value as () => unknown)() : value);
        } catch (error) {
          rejected = true;
          outcome = error;
        }
        const prefix = label ? `${label}: ` : "";
        if (rejected !== wantRejection) {
          const got = rejected ? `it rejected with ${show(outcome)}` : `it resolved with ${show(outcome)}`;
          throw new ConformanceAssertionError(
            `${prefix}expected the promise to ${wantRejection ? "reject" : "resolve"}, ${got}`,
          );
        }
        apply(name, outcome, args, false, label);
      },
    ]),
  ) as KvAsyncChecks;
}

/** Checks on one value, with Vitest's words: `expect(x).toBe(1)`, `.not`, `.rejects`, `.resolves`. */
export function expect(
  actual: unknown,
  label?: string,
): KvSyncChecks & { not: KvSyncChecks; rejects: KvAsyncChecks; resolves: KvAsyncChecks } {
  return Object.assign(checks(actual, false, label), {
    not: checks(actual, true, label),
    rejects: settled(actual, true, label),
    resolves: settled(actual, false, label),
  });
}
