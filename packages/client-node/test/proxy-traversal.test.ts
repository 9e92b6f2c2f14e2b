import { type Emulator, startEmulator } from "@telnyx-kv/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKvProxy, type KvProxyHandler } from "../src/proxy/index.js";
import { createNamespace, envelopeError, listen, rawRequest, type TestServer } from "./proxy-fixtures.js";

const SERVER_KEY = "server-side-key-traversal";

// Every trick must be answered by the proxy itself (400/403/404/414) and never reach the emulator; the
// emulator's request records prove it, and the secrets planted beside the allowed data stay unread.
describe("proxy path parsing refuses traversal and encoding tricks", () => {
  let emulator: Emulator;
  let server: TestServer;
  let proxy: KvProxyHandler;
  let allowed: string;
  let secret: string;

  beforeAll(async () => {
    emulator = await startEmulator({ tokens: [SERVER_KEY], recordRequests: true });
    allowed = await createNamespace(emulator.url, SERVER_KEY, "allowed");
    secret = await createNamespace(emulator.url, SERVER_KEY, "secret");
    const direct = (ns: string, key: string) =>
      fetch(`${emulator.url}/storage/kvs/${ns}/keys/${encodeURIComponent(key)}`, {
        method: "PUT",
        headers: { authorization: `Bearer ${SERVER_KEY}` },
        body: "SECRET",
      });
    await direct(secret, "keys");
    await direct(secret, "public/x");
    await direct(allowed, "private");
    await direct(allowed, "private/x");
    proxy = createKvProxy({
      apiKey: SERVER_KEY,
      baseUrl: emulator.url,
      mountPath: "/kv",
      allow: { namespaces: [allowed], prefixes: ["public/"] },
      authorize: () => true,
    });
    server = await listen(proxy.node);
  });
  afterAll(async () => {
    await server.close();
    await emulator.close();
  });

  const tricks = (): string[] => {
    const base = `/kv/v2/storage/kvs/${allowed}`;
    return [
      `${base}/keys/public/../../../${secret}/keys/public%2Fx`,
      `${base}/keys/public/../private`,
      `${base}/../${secret}/keys/public%2Fx`,
      `${base}/keys/public%2F..%2Fprivate`,
      `${base}/keys/public%2F%2e%2e%2Fprivate`,
      `${base}/keys/public/%2e%2e/private`,
      `${base}/keys/public/%2E%2E/private`,
      `${base}/keys/public/.%2e/private`,
      `${base}/keys/public/%2e./private`,
      `${base}/keys/public/./x`,
      `${base}/keys/public/%2e/x`,
      `/kv/v2/storage/kvs/${allowed}%2F..%2F${secret}/keys/public%2Fx`,
      `/kv/v2/storage/kvs/${allowed}%2fkeys%2fprivate`,
      `/kv/../v2/storage/kvs/${secret}/keys/public%2Fx`,
      `/kv/%2e%2e/v2/storage/kvs/${secret}/keys/public%2Fx`,
      `${base}/keys/public%252F..%252Fprivate`,
      `${base}/keys/public%252Fx`,
      `${base}/keys/public%252e%252e`,
      `${base}/keys/public%2Fx%00`,
      `${base}/keys/public%2Fx%00.txt`,
      `${base}/keys/public\\..\\private`,
      `${base}/keys/public%5C..%5Cprivate`,
      `${base}/keys/public%0Ax`,
      `${base}//keys/public%2Fx`,
      `${base}/keys//public%2Fx`,
      `/kv//v2/storage/kvs/${allowed}/keys/public%2Fx`,
      `${base}/keys/public%2`,
      `${base}/keys/public%zzx`,
      `${base}/keys/public%2F${"a".repeat(260)}`,
      `${base}/keys/public%2F${"%61".repeat(900)}`,
      `${base}/keys/public%2F${"a".repeat(3000)}`,
      `/kv/%76%32/storage/kvs/${allowed}/keys/public%2Fx`,
      `/kv/v2/storage/kvs/${allowed.toUpperCase()}x/keys/public%2Fx`,
      `/v2/storage/kvs/${allowed}/keys/public%2Fx`,
      `/kvx/v2/storage/kvs/${allowed}/keys/public%2Fx`,
      `${base}/keys/private%2F..%2Fpublic%2Fx`,
      `${base}/keysx/public%2Fx`,
      `${base}/keys?prefix=public/&prefix=`,
      `${base}/keys?prefix=publi`,
      `${base}/keys?prefix=public/&limit=1&limit=1000`,
      `${base}/keys?ttl_secs=1`,
      `${base}/keys/public%2Fx?token=${SERVER_KEY}`,
    ];
  };

  it("answers every trick itself over raw HTTP, and none reaches the emulator", async () => {
    const before = emulator.requests.length;
    for (const path of tricks()) {
      for (const method of ["GET", "PUT", "DELETE"]) {
        const answer = await rawRequest(server.port, path, {
          method,
          ...(method === "PUT" ? { body: "PWNED" } : {}),
        });
        expect([400, 403, 404, 405, 414], `${method} ${path}`).toContain(answer.status);
        expect(answer.body.toString()).not.toContain("SECRET");
        expect(answer.body.toString()).not.toContain(SERVER_KEY);
        if (answer.status !== 405) expect(envelopeError(answer.body).code).toMatch(/^100(05|06|10|15)$/);
      }
    }
    expect(emulator.requests.slice(before)).toEqual([]);
  });

  it("keeps the web handler in scope even after a URL parser resolved the tricks", async () => {
    // A fetch-style framework hands over URLs already normalised (`public/./x` is then plain `public/x`):
    // whatever the normalised form is, it is what gets checked and forwarded, so nothing leaves the scope.
    const before = emulator.requests.length;
    for (const path of tricks()) {
      const answer = await proxy(new Request(`http://app.test${path}`, { method: "DELETE" }));
      expect([204, 400, 403, 404, 405, 414], path).toContain(answer.status);
    }
    for (const record of emulator.requests.slice(before)) {
      expect(record).toMatchObject({ namespaceId: allowed, key: expect.stringMatching(/^public\//) });
    }
  });

  it("refuses absolute-form targets and keeps the planted secrets intact", async () => {
    const absolute = await rawRequest(server.port, `http://evil.test/kv/v2/storage/kvs/${secret}/keys/keys`);
    expect(absolute.status).toBe(400);
    const check = (ns: string, key: string) =>
      fetch(`${emulator.url}/storage/kvs/${ns}/keys/${encodeURIComponent(key)}`, {
        headers: { authorization: `Bearer ${SERVER_KEY}` },
      }).then((answer) => answer.text());
    expect(await check(secret, "public/x")).toBe("SECRET");
    expect(await check(allowed, "private")).toBe("SECRET");
    expect(await check(allowed, "private/x")).toBe("SECRET");
  });

  it("forwards a legitimate key, raw / or %2F alike, to exactly its own path", async () => {
    const before = emulator.requests.length;
    const put = await rawRequest(server.port, `/kv/v2/storage/kvs/${allowed}/keys/public%2Fa..b%2Fc`, {
      method: "PUT",
      body: "ok",
    });
    expect(put.status).toBe(201);
    const raw = await rawRequest(server.port, `/kv/v2/storage/kvs/${allowed}/keys/public/a..b/c`);
    expect([raw.status, raw.body.toString()]).toEqual([200, "ok"]);
    expect(emulator.requests.slice(before)).toEqual([
      expect.objectContaining({ method: "PUT", namespaceId: allowed, key: "public/a..b/c", status: 201 }),
      expect.objectContaining({ method: "GET", namespaceId: allowed, key: "public/a..b/c", status: 200 }),
    ]);
    // Whatever spelling came in, the upstream path is core's encoding of the decoded key.
    for (const record of emulator.requests.slice(before)) {
      expect(record.path).toBe(`/v2/storage/kvs/${allowed}/keys/public%2Fa..b%2Fc`);
    }
  });
});
