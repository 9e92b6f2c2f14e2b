import { describe, expect, it } from "vitest";
import { redactText, redactUrl, sanitizeCause } from "./redact.js";

const SECRET = "KEYsecret0123456789";

describe("redactText", () => {
  it("replaces every occurrence of each known secret", () => {
    expect(redactText(`a ${SECRET} b ${SECRET}`, [SECRET])).toBe("a [redacted] b [redacted]");
  });

  it("takes only the bearer token, never past the end of its line", () => {
    // A scheme at the end of a line has no token on that line: the next line is not a token.
    expect(redactText("Authorization: Bearer\nx-request-id: req-1\nBearer tok123\nnext line", [])).toBe(
      "Authorization: Bearer\nx-request-id: req-1\nBearer [redacted]\nnext line",
    );
    expect(redactText("auth: Bearer\r\nsecond", [])).toBe("auth: Bearer\r\nsecond");
    // The same line goes on after the token: only the token is replaced.
    expect(redactText("sent Bearer abc.def-ghi to the API (Bearer xyz) and then gave up", [])).toBe(
      "sent Bearer [redacted] to the API (Bearer [redacted]) and then gave up",
    );
    expect(redactText("Bearer\tabc rest", [])).toBe("Bearer\t[redacted] rest");
  });

  it("redacts any bearer token, known or not, in any case", () => {
    expect(redactText("Authorization: Bearer abc.def-ghi, next", [])).toBe(
      "Authorization: Bearer [redacted], next",
    );
    expect(redactText('"authorization":"bearer xyz"', [])).toBe('"authorization":"bearer [redacted]"');
  });

  it("ignores secrets shorter than 4 characters (they would shred ordinary text)", () => {
    expect(redactText("a cat", ["a", "cat"])).toBe("a cat");
  });

  it("leaves text without secrets alone", () => {
    expect(redactText("nothing to hide", [SECRET])).toBe("nothing to hide");
  });
});

describe("redactUrl", () => {
  it("drops userinfo and masks secret-looking query parameters", () => {
    const out = redactUrl(`https://user:${SECRET}@kv.test/v2/x?token=${SECRET}&api_key=1&prefix=a`, [SECRET]);
    expect(out).not.toContain(SECRET);
    expect(out).not.toContain("user:");
    const url = new URL(out);
    expect(url.searchParams.get("token")).toBe("[redacted]");
    expect(url.searchParams.get("api_key")).toBe("[redacted]");
    expect(url.searchParams.get("prefix")).toBe("a");
  });

  it("redacts known secrets in the path and in relative URLs", () => {
    expect(redactUrl(`https://kv.test/${SECRET}/v2`, [SECRET])).toBe("https://kv.test/[redacted]/v2");
    expect(redactUrl(`/kv/${SECRET}`, [SECRET])).toBe("/kv/[redacted]");
  });
});

describe("sanitizeCause", () => {
  it("keeps name, message and code, redacted; drops every other property", () => {
    const original = Object.assign(new TypeError(`fetch failed for Bearer ${SECRET}`), {
      code: "ECONNRESET",
      request: { headers: { authorization: `Bearer ${SECRET}` } },
    });
    const copy = sanitizeCause(original, [SECRET]) as Error & { code?: string };
    expect(copy).not.toBe(original);
    expect(copy.name).toBe("TypeError");
    expect(copy.code).toBe("ECONNRESET");
    expect(copy.message).not.toContain(SECRET);
    expect(copy).not.toHaveProperty("request");
    expect(copy.stack).not.toContain(SECRET);
  });

  it("copies the cause chain, redacted at every level", () => {
    const inner = Object.assign(new Error(`connect ECONNREFUSED ${SECRET}`), { code: "ECONNREFUSED" });
    const copy = sanitizeCause(new TypeError("fetch failed", { cause: inner }), [SECRET])!;
    const copiedInner = copy.cause as Error & { code?: string };
    expect(copiedInner.message).toBe("connect ECONNREFUSED [redacted]");
    expect(copiedInner.code).toBe("ECONNREFUSED");
    expect(copiedInner).not.toBe(inner);
  });

  it("handles non-errors and stops on deep or cyclic chains", () => {
    expect(sanitizeCause(undefined, [])).toBeUndefined();
    expect(sanitizeCause(null, [])).toBeUndefined();
    expect(sanitizeCause(`oops ${SECRET}`, [SECRET])!.message).toBe("oops [redacted]");
    const cyclic: { message: string; cause?: unknown } = { message: "loop" };
    cyclic.cause = cyclic;
    let depth = 0;
    for (let e: unknown = sanitizeCause(cyclic, []); e; e = (e as Error).cause) depth++;
    expect(depth).toBeLessThanOrEqual(4);
  });
});
