import { describe, expect, it, vi } from "vitest";
import * as errors from "./errors.js";
import {
  KvAbortError,
  KvConfigError,
  KvError,
  KvHttpError,
  KvNamespaceStateError,
  KvNetworkError,
  KvProtocolError,
  KvTimeoutError,
  KvValidationError,
} from "./errors.js";

const context = { operation: "keys.get", method: "GET", url: "https://kv.test/v2/x", key: "k" };

/** One instance of every subclass, built from a given copy of the errors module. */
function samples(mod: typeof errors) {
  return {
    http: new mod.KvHttpError("http", { ...context, status: 503, errors: [], isRetryable: true }),
    network: new mod.KvNetworkError("network", { ...context, reachedServer: "unknown" }),
    timeout: new mod.KvTimeoutError("timeout", { ...context, timeoutMs: 10 }),
    abort: new mod.KvAbortError("abort", context),
    validation: new mod.KvValidationError("validation", {
      input: "key",
      rule: "r",
      code: "10015",
      status: 400,
    }),
    config: new mod.KvConfigError("config", { option: "apiKey", envVar: "TELNYX_API_KEY" }),
    protocol: new mod.KvProtocolError("protocol", context),
    state: new mod.KvNamespaceStateError("state", { status: "provision_failed" }),
  };
}

const guards = {
  http: [KvHttpError.isInstance],
  network: [KvNetworkError.isInstance],
  timeout: [KvTimeoutError.isInstance],
  abort: [KvAbortError.isInstance],
  validation: [KvValidationError.isInstance],
  config: [KvConfigError.isInstance],
  protocol: [KvProtocolError.isInstance],
  state: [KvNamespaceStateError.isInstance],
} as const;

const names = {
  http: "KvHttpError",
  network: "KvNetworkError",
  timeout: "KvTimeoutError",
  abort: "KvAbortError",
  validation: "KvValidationError",
  config: "KvConfigError",
  protocol: "KvProtocolError",
  state: "KvNamespaceStateError",
} as const;

type Kind = keyof typeof guards;
const kinds = Object.keys(guards) as Kind[];

describe("within one copy", () => {
  const made = samples(errors);

  it.each(kinds)("%s: instanceof, name, kind and its own guard", (kind) => {
    const error = made[kind];
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(KvError);
    expect(error.name).toBe(names[kind]);
    expect(error.kind).toBe(kind);
    expect(KvError.isInstance(error)).toBe(true);
    for (const guard of guards[kind]) expect(guard(error)).toBe(true);
  });

  it.each(kinds)("%s: no other subclass guard accepts it", (kind) => {
    for (const other of kinds.filter((k) => k !== kind)) {
      for (const guard of guards[other]) expect(guard(made[kind])).toBe(false);
    }
  });

  it("guards reject plain errors and non-objects", () => {
    for (const value of [new Error("x"), { kind: "http" }, null, undefined, "KvError", 42]) {
      expect(KvError.isInstance(value)).toBe(false);
      for (const kind of kinds) for (const guard of guards[kind]) expect(guard(value)).toBe(false);
    }
  });

  it("a stack is captured and the message kept", () => {
    expect(made.http.message).toBe("http");
    expect(made.http.stack).toContain("http");
  });
});

describe("across two copies of the package", () => {
  it("an object carrying the Symbol.for marker and a kind is recognised", () => {
    const foreign = Object.assign(new Error("from another copy"), { kind: "timeout" });
    Object.defineProperty(foreign, Symbol.for("telnyx-kv.error"), { value: true });
    expect(KvError.isInstance(foreign)).toBe(true);
    expect(KvTimeoutError.isInstance(foreign)).toBe(true);
    expect(KvHttpError.isInstance(foreign)).toBe(false);
    expect(foreign instanceof KvError).toBe(false);
  });

  it("errors of a second module instance pass every guard of the first, and vice versa", async () => {
    vi.resetModules();
    const second = (await import("./errors.js")) as typeof errors;
    expect(second.KvError).not.toBe(KvError);
    const theirs = samples(second);
    const ours = samples(errors);
    for (const kind of kinds) {
      expect(theirs[kind] instanceof KvError).toBe(false);
      expect(KvError.isInstance(theirs[kind])).toBe(true);
      for (const guard of guards[kind]) expect(guard(theirs[kind])).toBe(true);
      expect(second.KvError.isInstance(ours[kind])).toBe(true);
      expect(second.KvError.isInstance(ours[kind])).toBe(true);
    }
    expect(second.KvHttpError.isInstance(ours.network)).toBe(false);
  });
});

describe("fields and toJSON", () => {
  it("KvHttpError takes code, title and detail from the first envelope error and keeps them all", () => {
    const error = new KvHttpError("failed", {
      ...context,
      namespaceId: "ns",
      status: 429,
      errors: [
        { code: "10011", title: "Too many", detail: "slow down" },
        { code: "10015", title: "Second" },
      ],
      requestId: "req-1",
      retryAfterMs: 1500,
      bodySnippet: "<html>",
      isRetryable: true,
    });
    expect(error).toMatchObject({
      status: 429,
      code: "10011",
      title: "Too many",
      detail: "slow down",
      requestId: "req-1",
      retryAfterMs: 1500,
      bodySnippet: "<html>",
      isRetryable: true,
      operation: "keys.get",
      method: "GET",
      url: "https://kv.test/v2/x",
      namespaceId: "ns",
      key: "k",
    });
    expect(error.errors).toHaveLength(2);
    const json = JSON.parse(JSON.stringify(error));
    expect(json).toMatchObject({
      name: "KvHttpError",
      message: "failed",
      kind: "http",
      status: 429,
      code: "10011",
      requestId: "req-1",
      retryAfterMs: 1500,
      operation: "keys.get",
      method: "GET",
      url: "https://kv.test/v2/x",
      key: "k",
    });
    expect(json.errors).toEqual(error.errors);
  });

  it("KvHttpError without envelope errors has no code", () => {
    const error = new KvHttpError("x", { status: 502, errors: [], isRetryable: true });
    expect(error.code).toBeUndefined();
    expect(error.errors).toEqual([]);
    expect("code" in JSON.parse(JSON.stringify(error))).toBe(false);
  });

  it("toJSON shows the cause by name and message only", () => {
    const cause = Object.assign(new TypeError("fetch failed"), { code: "ECONNRESET", extra: "x" });
    const error = new KvNetworkError("network", { reachedServer: "unknown", cause });
    expect(error.cause).toBe(cause);
    expect(error.isRetryable).toBe(true);
    const json = error.toJSON();
    expect(json.cause).toEqual({ name: "TypeError", message: "fetch failed" });
    expect(json.reachedServer).toBe("unknown");
    expect(json.name).toBe("KvNetworkError");
  });

  it("each subclass exposes its own fields", () => {
    const made = samples(errors);
    expect(made.timeout.timeoutMs).toBe(10);
    expect(made.timeout.isRetryable).toBe(true);
    expect(made.validation).toMatchObject({ input: "key", rule: "r", code: "10015", status: 400 });
    expect(made.config).toMatchObject({ option: "apiKey", envVar: "TELNYX_API_KEY" });
    expect(made.state.status).toBe("provision_failed");
    expect(made.abort.isRetryable).toBe(false);
    expect(made.validation.toJSON()).toMatchObject({ input: "key", code: "10015", kind: "validation" });
  });
});
