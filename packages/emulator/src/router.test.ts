import { decodePathSegment } from "@telnyx-kv/core/protocol";
import { describe, expect, it } from "vitest";
import { matchRequestPath } from "./router.js";

const ID = "0b7f3c2e-1d2a-4c5b-9e8f-1234567890ab";

describe("matchRequestPath", () => {
  it("maps every endpoint below /v2", () => {
    expect(matchRequestPath("/v2/storage/kvs")).toEqual({ route: "namespaces" });
    expect(matchRequestPath(`/v2/storage/kvs/${ID}`)).toEqual({ route: "namespace", rawId: ID });
    expect(matchRequestPath(`/v2/storage/kvs/${ID}/keys`)).toEqual({ route: "keys", rawId: ID });
    expect(matchRequestPath(`/v2/storage/kvs/${ID}/keys/a%2Fb`)).toEqual({
      route: "key",
      rawId: ID,
      rawKey: "a%2Fb",
    });
  });

  it("keeps a raw / as part of the key", () => {
    expect(matchRequestPath(`/v2/storage/kvs/${ID}/keys/user/1/keys/x`)).toEqual({
      route: "key",
      rawId: ID,
      rawKey: "user/1/keys/x",
    });
  });

  it("matches paths exactly: a trailing slash after the collection or an id names nothing", () => {
    expect(matchRequestPath("/v2/storage/kvs/")).toBeUndefined();
    expect(matchRequestPath(`/v2/storage/kvs/${ID}/`)).toBeUndefined();
  });

  it("rejects other paths, and anything not under /v2", () => {
    for (const path of [
      "/",
      "/v2",
      "/v2/",
      "/v2storage/kvs",
      "/v2/storage/kvsx",
      `/v2/storage/kvs/${ID}/other`,
      "/v1/storage/kvs",
      "/storage/kvs",
      "/v3/storage/kvs",
    ]) {
      expect(matchRequestPath(path), path).toBeUndefined();
    }
  });

  it("decodes once and refuses bad encoding", () => {
    expect(decodePathSegment("a%2Fb")).toBe("a/b");
    expect(decodePathSegment("a%252F")).toBe("a%2F");
    expect(decodePathSegment("%zz")).toBeUndefined();
    expect(decodePathSegment("%E0%A4")).toBeUndefined();
  });
});
