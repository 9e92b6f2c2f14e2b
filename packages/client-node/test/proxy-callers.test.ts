import { KvConfigError } from "@telnyx-kv/core";
import { KV_ERRORS } from "@telnyx-kv/core/protocol";
import { describe, expect, it } from "vitest";
import { createKvProxy, type KvProxyOptions } from "../src/proxy/index.js";
import { envelopeError, listen, rawRequest } from "./proxy-fixtures.js";

const SERVER_KEY = "server-side-key-callers-5d1e";
const NS = "0b6f3c2e-4a8d-4e7b-9c1a-2d3e4f5a6b7c";
const ORIGIN = "http://app.test";
const KEY_URL = `${ORIGIN}/kv/v2/storage/kvs/${NS}/keys/public%2Fa`;

/** A proxy in front of a fake API that counts what reached it, with the app's check and log recorded. */
function rig(extra: Partial<KvProxyOptions> = {}) {
  const forwarded: string[] = [];
  const authorized: string[] = [];
  const logged: string[] = [];
  const options = {
    apiKey: SERVER_KEY,
    mountPath: "/kv",
    baseUrl: "http://api.test/v2",
    allow: { namespaces: [NS], prefixes: ["public/"], methods: ["GET", "PUT", "DELETE", "POST"] },
    authorize: (request: Request) => {
      authorized.push(request.method);
      return request.headers.get("cookie") !== "session=bad";
    },
    fetch: async (input: string | URL | Request) => {
      forwarded.push(String(input));
      return new Response("ok", { status: 200 });
    },
    logger: {
      debug: (message: string, fields: Record<string, unknown>) =>
        logged.push(message, JSON.stringify(fields)),
    },
    ...extra,
  } as KvProxyOptions;
  return { proxy: createKvProxy(options), forwarded, authorized, logged };
}

function configErrorOf(create: () => unknown): KvConfigError {
  try {
    create();
  } catch (error) {
    if (KvConfigError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a KvConfigError");
}

const METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS", "PATCH"];
const body = (method: string) => (method === "PUT" || method === "POST" ? "x" : undefined);

describe("createKvProxy: a caller check is required", () => {
  const base = { apiKey: SERVER_KEY, allow: { namespaces: [NS] } };

  it("throws a KvConfigError that explains the risk when authorize is left out", () => {
    const error = configErrorOf(() => createKvProxy(base as never));
    expect(error.option).toBe("authorize");
    expect(error.message).toMatch(/spends your API key/);
    expect(error.message).toMatch(/public: true/);
    expect(error.message).not.toContain(SERVER_KEY);
    expect(configErrorOf(() => createKvProxy({ ...base, authorize: "yes" } as never)).option).toBe(
      "authorize",
    );
  });

  it("refuses public: true together with authorize, and a public that is not a boolean", () => {
    const both = configErrorOf(() =>
      createKvProxy({ ...base, public: true, authorize: () => true } as never),
    );
    expect([both.option, both.message]).toEqual(["public", expect.stringMatching(/both/)]);
    expect(configErrorOf(() => createKvProxy({ ...base, public: "yes" } as never)).option).toBe("public");
  });

  it("serves every caller of a proxy that says public: true", async () => {
    const { proxy, forwarded } = rig({ public: true, authorize: undefined });
    expect((await proxy(new Request(KEY_URL))).status).toBe(200);
    expect(forwarded).toHaveLength(1);
  });

  it("validates allowedOrigins and rateLimit at creation", () => {
    const guarded = { ...base, authorize: () => true };
    for (const origins of [
      ["*"],
      ["null"],
      ["https://a.test/path"],
      ["ftp://a.test"],
      ["https://a.test?x"],
      [7],
    ]) {
      const error = configErrorOf(() => createKvProxy({ ...guarded, allowedOrigins: origins as string[] }));
      expect(error.option, JSON.stringify(origins)).toBe("allowedOrigins");
    }
    expect(
      configErrorOf(() => createKvProxy({ ...guarded, allowedOrigins: "https://a.test" as never })).option,
    ).toBe("allowedOrigins");
    for (const perMinute of [0, 1.5, -1, Number.NaN, "10"]) {
      const error = configErrorOf(() =>
        createKvProxy({ ...guarded, rateLimit: { perMinute: perMinute as number, key: () => "u" } }),
      );
      expect(error.option).toBe("rateLimit.perMinute");
    }
    expect(
      configErrorOf(() => createKvProxy({ ...guarded, rateLimit: { perMinute: 5 } as never })).option,
    ).toBe("rateLimit.key");
    // Spelling variants of one origin are fine: the browser's form is what gets compared.
    expect(() => createKvProxy({ ...guarded, allowedOrigins: ["https://App.test:443/"] })).not.toThrow();
  });
});

describe("createKvProxy: cross-site requests are refused before authorize", () => {
  it("refuses Sec-Fetch-Site: cross-site for every method, without asking authorize or forwarding", async () => {
    const { proxy, forwarded, authorized } = rig();
    for (const method of METHODS) {
      const answer = await proxy(
        new Request(KEY_URL, { method, headers: { "sec-fetch-site": "cross-site" }, body: body(method) }),
      );
      expect(answer.status, method).toBe(403);
      if (method !== "HEAD")
        expect(envelopeError(await answer.text())).toMatchObject({
          code: KV_ERRORS.authorizationFailed.code,
          detail: expect.stringMatching(/Sec-Fetch-Site: cross-site/),
        });
    }
    expect([forwarded, authorized]).toEqual([[], []]);
  });

  it("refuses an Origin that is neither its own nor allowed, for every method, whatever Sec-Fetch-Site says", async () => {
    const { proxy, forwarded, authorized } = rig();
    const foreign: Array<Record<string, string>> = [
      { origin: "http://evil.test", "sec-fetch-site": "cross-site" },
      // Another port of the same host is "same-site" to a browser, and still another origin.
      { origin: "http://app.test:8080", "sec-fetch-site": "same-site" },
      { origin: "https://app.test", "sec-fetch-site": "same-site" },
      // An <img> or no-cors GET from another port carries no Origin, only Sec-Fetch-Site.
      { "sec-fetch-site": "same-site" },
      // Browsers without Fetch Metadata send only Origin.
      { origin: "http://evil.test" },
      // Sandboxed frames, file:// pages and cross-origin redirects.
      { origin: "null" },
    ];
    for (const headers of foreign) {
      for (const method of METHODS) {
        const answer = await proxy(new Request(KEY_URL, { method, headers, body: body(method) }));
        expect(answer.status, `${method} ${JSON.stringify(headers)}`).toBe(403);
      }
    }
    // A text/plain POST is what a page can send without a preflight: refused like the rest.
    const simple = await proxy(
      new Request(`${ORIGIN}/kv/v2/storage/kvs`, {
        method: "POST",
        headers: { origin: "http://evil.test", "content-type": "text/plain" },
        body: '{"name":"x"}',
      }),
    );
    expect([simple.status, envelopeError(await simple.text()).detail]).toEqual([
      403,
      expect.stringMatching(/origin "http:\/\/evil\.test" are refused.*allowedOrigins/),
    ]);
    expect([forwarded, authorized]).toEqual([[], []]);
  });

  it("lets the proxy's own origin, allowed origins and header-less callers go on to authorize", async () => {
    const { proxy, forwarded, authorized } = rig({ allowedOrigins: ["https://partner.test"] });
    const callers: Array<Record<string, string>> = [
      {},
      { origin: ORIGIN },
      { origin: ORIGIN, "sec-fetch-site": "same-origin" },
      { "sec-fetch-site": "none" },
      { origin: "https://partner.test", "sec-fetch-site": "cross-site" },
      // Behind a TLS-terminating reverse proxy the handler sees http://, the browser vouches same-origin.
      { origin: "https://app.test", "sec-fetch-site": "same-origin" },
    ];
    for (const headers of callers) {
      const answer = await proxy(new Request(KEY_URL, { method: "PUT", headers, body: "x" }));
      expect(answer.status, JSON.stringify(headers)).toBe(200);
    }
    expect(forwarded).toHaveLength(callers.length);
    expect(authorized).toHaveLength(callers.length);
    // Passing the origin check is not passing the app's check.
    const refused = await proxy(new Request(KEY_URL, { headers: { origin: ORIGIN, cookie: "session=bad" } }));
    expect([refused.status, envelopeError(await refused.text()).code]).toEqual([403, "10010"]);
    expect(forwarded).toHaveLength(callers.length);
  });

  it("answers OPTIONS from its own origin, and fails closed when authorize throws or says anything but true", async () => {
    const options = await rig().proxy(
      new Request(KEY_URL, { method: "OPTIONS", headers: { origin: ORIGIN } }),
    );
    expect(options.status).toBe(204);
    const throwing = rig({
      authorize: () => {
        throw new Error(`session store at redis://${SERVER_KEY}@db is down`);
      },
    });
    const failed = await throwing.proxy(new Request(KEY_URL));
    const text = await failed.text();
    expect([failed.status, envelopeError(text).code]).toEqual([500, "10007"]);
    expect(text).not.toContain("redis");
    expect(throwing.logged.join("\n")).not.toContain(SERVER_KEY);
    const truthy = rig({ authorize: (() => "yes") as never });
    expect((await truthy.proxy(new Request(KEY_URL))).status).toBe(403);
    expect([throwing.forwarded, truthy.forwarded]).toEqual([[], []]);
  });
});

describe("createKvProxy: a per-caller rate limit", () => {
  const user = (request: Request) => request.headers.get("x-user") ?? "";
  const as = (name: string, init: RequestInit = {}) =>
    new Request(KEY_URL, { ...init, headers: { "x-user": name, ...(init.headers as object) } });

  it("answers 429 with x-ratelimit-* to a caller over its limit while another caller is still served", async () => {
    const { proxy, forwarded } = rig({ rateLimit: { perMinute: 3, key: user } });
    for (let i = 0; i < 3; i++) expect((await proxy(as("alice"))).status).toBe(200);
    const limited = await proxy(as("alice", { method: "PUT", body: "x" }));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("x-ratelimit-limit")).toBe("3");
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(Number(limited.headers.get("x-ratelimit-reset"))).toBeGreaterThanOrEqual(1);
    expect(envelopeError(await limited.text())).toMatchObject({ code: "10011", title: "Too many requests" });
    expect(forwarded).toHaveLength(3);
    expect((await proxy(as("bob"))).status).toBe(200);
    expect((await proxy(as("alice"))).status).toBe(429);
    expect(forwarded).toHaveLength(4);
  });

  it("spends the limit only on requests it would forward, and fails closed without a caller identity", async () => {
    const { proxy, forwarded } = rig({ rateLimit: { perMinute: 1, key: user } });
    // Refused by the allowlist: nothing went to the API, so nothing is spent.
    const outside = new Request(`${ORIGIN}/kv/v2/storage/kvs/${NS}/keys/private%2Fa`, {
      headers: { "x-user": "carol" },
    });
    expect((await proxy(outside)).status).toBe(403);
    expect((await proxy(as("carol"))).status).toBe(200);
    expect((await proxy(as("carol"))).status).toBe(429);
    const anonymous = await proxy(new Request(KEY_URL));
    expect([anonymous.status, envelopeError(await anonymous.text()).detail]).toEqual([
      500,
      expect.stringMatching(/rateLimit\.key\(\) gave no caller identity/),
    ]);
    const throwing = rig({
      rateLimit: {
        perMinute: 5,
        key: () => {
          throw new Error(SERVER_KEY);
        },
      },
    });
    const failed = await throwing.proxy(new Request(KEY_URL));
    expect(failed.status).toBe(500);
    expect(await failed.text()).not.toContain(SERVER_KEY);
    expect([forwarded.length, throwing.forwarded.length]).toEqual([1, 0]);
  });
});

describe("createKvProxy: the key never shows in a refusal or a log line", () => {
  it("keeps the key out of every refusal's body, headers and log line", async () => {
    const { proxy, logged } = rig({ rateLimit: { perMinute: 1, key: () => "one-caller" } });
    const refusals: Array<[string, RequestInit]> = [
      [KEY_URL, { headers: { "sec-fetch-site": "cross-site" } }],
      [
        KEY_URL,
        { method: "POST", headers: { origin: "http://evil.test", "content-type": "text/plain" }, body: "x" },
      ],
      [KEY_URL, { headers: { cookie: "session=bad" } }],
      [`${ORIGIN}/kv/v2/storage/kvs/${NS}/keys/private%2Fa`, {}],
      [`${ORIGIN}/kv/v2/storage/kvs/${NS}/keys/public%2Fa?token=${SERVER_KEY}`, {}],
      [
        `${ORIGIN}/kv/v2/storage/kvs/${NS}/keys/public%2Fa?ttl_secs=${SERVER_KEY}`,
        { method: "PUT", body: "x" },
      ],
      [`${ORIGIN}/kv/v2/storage/kvs/${NS}/keys/public%2Fa`, { method: "PATCH" }],
      [`${ORIGIN}/kv/v2/storage/kvs/${NS}/`, {}],
      [`${ORIGIN}/elsewhere`, {}],
      [`${ORIGIN}/kv/v2/storage/kvs/not-a-uuid/keys/a`, {}],
      [KEY_URL, { method: "PUT", headers: { "content-length": "x" }, body: "x" }],
      [KEY_URL, {}],
      // The limit of one is spent by the request above: this one is the 429.
      [KEY_URL, {}],
    ];
    const statuses: number[] = [];
    for (const [url, init] of refusals) {
      const answer = await proxy(new Request(url, init));
      statuses.push(answer.status);
      const text = `${JSON.stringify([...answer.headers])}\n${await answer.text()}`;
      expect(text, url).not.toContain(SERVER_KEY);
      expect(text.toLowerCase()).not.toContain("bearer");
    }
    expect(statuses).toEqual([403, 403, 403, 403, 400, 400, 405, 404, 404, 400, 400, 200, 429]);
    const log = logged.join("\n");
    expect(logged.length).toBe(2 * (refusals.length - 1));
    expect(log).not.toContain(SERVER_KEY);
    expect(log).not.toContain("token=");
    expect(log).toMatch(/proxy refused GET \/kv\/v2\/storage\/kvs\/.* -> 429/);
  });

  it("cuts the key out of answers and log lines even when a caller sends it, through the node adapter too", async () => {
    const { proxy, logged } = rig();
    const server = await listen(proxy.node);
    try {
      const paths = [
        // Refused raw by the adapter, before any URL parsing.
        `/kv/v2/storage/kvs/${SERVER_KEY}%00/keys/a`,
        `/kv/v2/storage/kvs/${NS}/keys/public/../${SERVER_KEY}`,
        // Refused by the handler: the id and the key are quoted back.
        `/kv/v2/storage/kvs/${SERVER_KEY}/keys/a`,
        `/kv/v2/storage/kvs/${NS}/keys/${SERVER_KEY}`,
        `/kv/${SERVER_KEY}`,
      ];
      for (const path of paths) {
        const answer = await rawRequest(server.port, path, { headers: { origin: "http://evil.test" } });
        expect([400, 403, 404], path).toContain(answer.status);
        expect(`${JSON.stringify(answer.headers)}${answer.body}`, path).not.toContain(SERVER_KEY);
        const plain = await rawRequest(server.port, path);
        expect([400, 403, 404], path).toContain(plain.status);
        expect(`${JSON.stringify(plain.headers)}${plain.body}`, path).not.toContain(SERVER_KEY);
      }
      expect(logged.length).toBe(4 * paths.length);
      expect(logged.join("\n")).not.toContain(SERVER_KEY);
      expect(logged.join("\n")).toContain("[redacted]");
    } finally {
      await server.close();
    }
  });
});
