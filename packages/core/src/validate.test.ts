import { describe, expect, it } from "vitest";
import { KvValidationError } from "./errors.js";
import {
  keyProblem,
  listLimitProblem,
  namespaceIdProblem,
  namespaceNameProblem,
  prefixProblem,
  ttlSecondsProblem,
  validateKey,
  validateListLimit,
  validateNamespaceId,
  validateNamespaceName,
  validatePageSize,
  validatePrefix,
  validateTtlSeconds,
  validateValueSize,
  valueSizeProblem,
} from "./validate.js";

/** Runs `fn`, expects a KvValidationError and returns it. */
function refusal(fn: () => void): KvValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(KvValidationError);
    return error as KvValidationError;
  }
  throw new Error("expected a KvValidationError, but the value was accepted");
}

function expectRefused(
  fn: () => void,
  expected: { input: string; code?: string; status?: number; mentions: string },
): KvValidationError {
  const error = refusal(fn);
  expect(error.kind).toBe("validation");
  expect(error.input).toBe(expected.input);
  expect(error.code).toBe(expected.code ?? "10015");
  expect(error.status).toBe(expected.status ?? 400);
  expect(error.isRetryable).toBe(false);
  expect(error.rule.length).toBeGreaterThan(0);
  expect(error.message).toContain(expected.input);
  expect(error.message).toContain(error.rule);
  expect(error.message).toContain(expected.mentions);
  return error;
}

describe("validateKey", () => {
  it.each(["a", "user/42/profile", "A-Z_a-z=0.9", "x".repeat(256), "...", ".a", "a..b"])(
    "accepts %j for reads and writes",
    (key) => {
      expect(() => validateKey(key, "read")).not.toThrow();
      expect(() => validateKey(key, "write")).not.toThrow();
      expect(keyProblem(key, "write")).toBeUndefined();
    },
  );

  it.each([
    ["has a space", "a b"],
    ["has a colon", "a:b"],
    ["has unicode", "café"],
    ["has a percent sign", "a%2F"],
    ["has a question mark", "a?b"],
    ["has a newline", "a\n"],
  ])("refuses a key that %s", (_why, key) => {
    const error = expectRefused(() => validateKey(key), { input: "key", mentions: JSON.stringify(key) });
    expect(error.rule).toMatch(/a-z, A-Z, 0-9/);
  });

  it("refuses the empty key", () => {
    expect(expectRefused(() => validateKey(""), { input: "key", mentions: '""' }).rule).toMatch(/empty/);
  });

  it("accepts 256 characters and refuses 257, giving the length", () => {
    expect(() => validateKey("k".repeat(256), "write")).not.toThrow();
    const error = expectRefused(() => validateKey("k".repeat(257)), { input: "key", mentions: "kkkk" });
    expect(error.rule).toContain("256");
    expect(error.rule).toContain("257");
    // A long key is shortened in the message rather than dumped whole.
    expect(error.message).not.toContain("k".repeat(100));
  });

  it.each([".", ".."])("refuses %j for reads and writes", (key) => {
    for (const access of ["read", "write"] as const) {
      const error = expectRefused(() => validateKey(key, access), {
        input: "key",
        mentions: JSON.stringify(key),
      });
      expect(error.rule).toMatch(/URL path/);
    }
  });

  it("refuses `_`-prefixed keys for writes but allows them for reads", () => {
    expect(() => validateKey("_system", "read")).not.toThrow();
    expect(() => validateKey("_system")).not.toThrow();
    const error = expectRefused(() => validateKey("_system", "write"), {
      input: "key",
      mentions: '"_system"',
    });
    expect(error.rule).toMatch(/reserved/);
    expect(() => validateKey("a_b", "write")).not.toThrow();
  });

  it.each([undefined, null, 42, {}, ["a"]])("refuses the non-string %j", (key) => {
    const error = expectRefused(() => validateKey(key), { input: "key", mentions: String(key) });
    expect(error.rule).toMatch(/string/);
  });
});

describe("validatePrefix", () => {
  it.each(["", "user/", "a", "p".repeat(256), "_internal"])("accepts %j", (prefix) => {
    expect(() => validatePrefix(prefix)).not.toThrow();
    expect(prefixProblem(prefix)).toBeUndefined();
  });

  it.each([
    ["a b", /a-z/],
    ["p".repeat(257), /256/],
    [7, /string/],
  ])("refuses %j", (prefix, rule) => {
    expect(expectRefused(() => validatePrefix(prefix), { input: "prefix", mentions: "" }).rule).toMatch(rule);
  });
});

describe("validateNamespaceName", () => {
  it.each(["my-cache", "a", "cache-2", "0"])("accepts %j", (name) => {
    expect(() => validateNamespaceName(name)).not.toThrow();
    expect(namespaceNameProblem(name)).toBeUndefined();
  });

  it.each(["My-Cache", "my_cache", "my cache", "my.cache", "", "café"])("refuses %j", (name) => {
    expectRefused(() => validateNamespaceName(name), {
      input: "namespace name",
      mentions: JSON.stringify(name),
    });
  });

  it("refuses a non-string", () => {
    expectRefused(() => validateNamespaceName(undefined), { input: "namespace name", mentions: "undefined" });
  });
});

describe("validateNamespaceId", () => {
  it.each(["123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000"])(
    "accepts the UUID %s",
    (id) => {
      expect(() => validateNamespaceId(id)).not.toThrow();
    },
  );

  it.each([
    "my-cache",
    "",
    "123e4567e89b12d3a456426614174000",
    "123e4567-e89b-12d3-a456-42661417400",
    "123e4567-e89b-12d3-a456-426614174000/keys",
    "g23e4567-e89b-12d3-a456-426614174000",
    42,
  ])("refuses %j with code 10006", (id) => {
    const error = expectRefused(() => validateNamespaceId(id), {
      input: "namespace id",
      code: "10006",
      mentions: typeof id === "string" ? JSON.stringify(id) : String(id),
    });
    expect(error.message).toMatch(/UUID/);
  });
});

describe("validateValueSize", () => {
  it("accepts 0 and exactly 1,048,576 bytes", () => {
    expect(() => validateValueSize(0)).not.toThrow();
    expect(() => validateValueSize(1_048_576)).not.toThrow();
  });

  it("refuses 1,048,577 bytes with status 413", () => {
    const error = expectRefused(() => validateValueSize(1_048_577), {
      input: "value size",
      status: 413,
      mentions: "1048577",
    });
    expect(error.rule).toContain("1048576");
  });
});

describe("validateListLimit", () => {
  it.each([1, 500, 1000])("accepts %j", (limit) => {
    expect(() => validateListLimit(limit)).not.toThrow();
  });

  it.each([0, -1, 1001, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "5", null])("refuses %j", (limit) => {
    const error = expectRefused(() => validateListLimit(limit), { input: "limit", mentions: String(limit) });
    expect(error.rule).toMatch(/1 to 1000/);
  });
});

describe("validateTtlSeconds", () => {
  it.each([1, 60, 9_223_372_036])("accepts %j", (ttl) => {
    expect(() => validateTtlSeconds(ttl)).not.toThrow();
  });

  it.each([0, -5, 9_223_372_037, 0.5, 1.5, Number.NaN, "60"])("refuses %j", (ttl) => {
    const error = expectRefused(() => validateTtlSeconds(ttl), {
      input: "ttlSeconds",
      mentions: String(ttl),
    });
    expect(error.rule).toContain("9223372036");
  });
});

describe("validatePageSize", () => {
  it("accepts page sizes 1..250", () => {
    for (const size of [1, 20, 250]) expect(() => validatePageSize(size)).not.toThrow();
  });

  it.each([0, 251, 2.5, Number.NaN, "20"])("refuses the page size %j", (size) => {
    expectRefused(() => validatePageSize(size), { input: "page size", mentions: String(size) });
  });
});

describe("the *Problem twins agree with the validators", () => {
  it("namespaceIdProblem, valueSizeProblem, listLimitProblem and ttlSecondsProblem", () => {
    expect(namespaceIdProblem("550e8400-e29b-41d4-a716-446655440000")).toBeUndefined();
    expect(namespaceIdProblem("my-cache")).toMatch(/UUID/);
    expect(valueSizeProblem(1_048_576)).toBeUndefined();
    expect(valueSizeProblem(1_048_577)).toMatch(/1048576 bytes/);
    expect(listLimitProblem(1000)).toBeUndefined();
    expect(listLimitProblem(0)).toMatch(/1 to 1000/);
    expect(ttlSecondsProblem(9_223_372_036)).toBeUndefined();
    expect(ttlSecondsProblem(1.5)).toMatch(/whole number/);
  });
});
