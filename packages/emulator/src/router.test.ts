import { describe, expect, it } from "vitest";
import { decodeSegment, route } from "./router.js";

const ID = "0b7f3c2e-1d2a-4c5b-9e8f-1234567890ab";

describe("route", () => {
  it("maps every endpoint", () => {
    expect(route("/v2/storage/kvs")).toEqual({ kind: "namespaces" });
    expect(route("/v2/storage/kvs/")).toEqual({ kind: "namespaces" });
    expect(route(`/v2/storage/kvs/${ID}`)).toEqual({ kind: "namespace", rawId: ID });
    expect(route(`/v2/storage/kvs/${ID}/keys`)).toEqual({ kind: "keys", rawId: ID });
    expect(route(`/v2/storage/kvs/${ID}/keys/a%2Fb`)).toEqual({ kind: "key", rawId: ID, rawKey: "a%2Fb" });
  });

  it("keeps a raw / as part of the key", () => {
    expect(route(`/v2/storage/kvs/${ID}/keys/user/1/keys/x`)).toEqual({
      kind: "key",
      rawId: ID,
      rawKey: "user/1/keys/x",
    });
  });

  it("rejects other paths", () => {
    for (const path of ["/", "/v2", "/v2/storage/kvsx", `/v2/storage/kvs/${ID}/other`, "/v1/storage/kvs"]) {
      expect(route(path).kind).toBe("unknown");
    }
  });

  it("decodes once and refuses bad encoding", () => {
    expect(decodeSegment("a%2Fb")).toBe("a/b");
    expect(decodeSegment("a%252F")).toBe("a%2F");
    expect(decodeSegment("%zz")).toBeUndefined();
    expect(decodeSegment("%E0%A4")).toBeUndefined();
  });
});
