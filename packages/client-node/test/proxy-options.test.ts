import { KV_ROUTES, type KvRouteName } from "@telnyx-kv/core/protocol";
import { describe, expect, it } from "vitest";
import { createKvProxy, type KvProxyAllow } from "../src/proxy/index.js";

const SERVER_KEY = "server-side-key-options-3c8e";
const NS = "0b6f3c2e-4a8d-4e7b-9c1a-2d3e4f5a6b7c";
const ORIGIN = "http://app.test";
const LISTED = "https://partner.test";
const PATHS: Record<KvRouteName, string> = {
  namespaces: "/v2/storage/kvs",
  namespace: `/v2/storage/kvs/${NS}`,
  keys: `/v2/storage/kvs/${NS}/keys`,
  key: `/v2/storage/kvs/${NS}/keys/public%2Fa`,
};
const METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE", "PATCH"];

function rig(allow: KvProxyAllow, allowedOrigins?: string[]) {
  const forwarded: string[] = [];
  const proxy = createKvProxy({
    apiKey: SERVER_KEY,
    baseUrl: "http://api.test/v2",
    allow,
    ...(allowedOrigins ? { allowedOrigins } : {}),
    authorize: () => true,
    fetch: async (input, init) => {
      forwarded.push(`${init?.method} ${String(input)}`);
      return new Response("ok", { status: 200, headers: { "access-control-allow-origin": "*" } });
    },
  });
  return { proxy, forwarded };
}

const allowOf = async (proxy: ReturnType<typeof rig>["proxy"], route: KvRouteName) =>
  (await proxy(new Request(`${ORIGIN}${PATHS[route]}`, { method: "OPTIONS" }))).headers.get("allow");

describe("createKvProxy: OPTIONS lists what the allowlist grants on that route", () => {
  it("lists per route, never a method of another route or one the allowlist withholds", async () => {
    const { proxy } = rig({ namespaces: [NS], prefixes: ["public/"] });
    expect(await allowOf(proxy, "key")).toBe("GET, HEAD, PUT, DELETE, OPTIONS");
    expect(await allowOf(proxy, "keys")).toBe("GET, HEAD, OPTIONS");
    // Deleting or listing namespaces needs manageNamespaces: the default allowlist withholds both.
    expect(await allowOf(proxy, "namespace")).toBe("GET, HEAD, OPTIONS");
    expect(await allowOf(proxy, "namespaces")).toBe("OPTIONS");
    const readOnly = rig({ namespaces: "*", methods: ["GET"] }).proxy;
    expect(await allowOf(readOnly, "key")).toBe("GET, HEAD, OPTIONS");
    const manager = rig({
      namespaces: "*",
      methods: ["GET", "POST", "DELETE"],
      manageNamespaces: true,
    }).proxy;
    expect(await allowOf(manager, "namespaces")).toBe("GET, HEAD, POST, OPTIONS");
    expect(await allowOf(manager, "namespace")).toBe("GET, HEAD, DELETE, OPTIONS");
    expect(await allowOf(manager, "key")).toBe("GET, HEAD, DELETE, OPTIONS");
  });

  it("agrees with what the proxy then does: a listed method is forwarded, an unlisted one is refused", async () => {
    const allowlists: KvProxyAllow[] = [
      { namespaces: [NS] },
      { namespaces: "*", methods: ["GET"] },
      { namespaces: "*", methods: ["GET", "PUT", "POST", "DELETE"], manageNamespaces: true },
    ];
    for (const allow of allowlists) {
      const { proxy, forwarded } = rig(allow);
      for (const route of Object.keys(KV_ROUTES) as KvRouteName[]) {
        const listed = (await allowOf(proxy, route))?.split(", ") ?? [];
        for (const method of METHODS) {
          const before = forwarded.length;
          const body = method === "PUT" || method === "POST" ? "{}" : undefined;
          const answer = await proxy(new Request(`${ORIGIN}${PATHS[route]}`, { method, body }));
          const label = `${JSON.stringify(allow)} ${method} ${route}`;
          expect(forwarded.length > before, label).toBe(listed.includes(method));
          expect(answer.status === 403 || answer.status === 405, label).toBe(!listed.includes(method));
        }
      }
    }
  });
});

describe("createKvProxy: CORS for the origins in allowedOrigins", () => {
  const { proxy, forwarded } = rig({ namespaces: [NS], prefixes: ["public/"] }, [LISTED]);

  it("answers a listed origin's preflight with the route's granted methods, before authorize and forwarding", async () => {
    const preflight = await proxy(
      new Request(`${ORIGIN}${PATHS.key}`, {
        method: "OPTIONS",
        headers: {
          origin: LISTED,
          "access-control-request-method": "PUT",
          "access-control-request-headers": "content-type",
        },
      }),
    );
    expect(preflight.status).toBe(204);
    expect(Object.fromEntries(preflight.headers)).toMatchObject({
      "access-control-allow-origin": LISTED,
      "access-control-allow-credentials": "true",
      "access-control-allow-methods": "GET, HEAD, PUT, DELETE, OPTIONS",
      "access-control-allow-headers": expect.stringContaining("content-type"),
      vary: "Origin",
    });
    const listing = await proxy(
      new Request(`${ORIGIN}${PATHS.namespaces}`, {
        method: "OPTIONS",
        headers: { origin: LISTED, "access-control-request-method": "POST" },
      }),
    );
    expect(listing.headers.get("access-control-allow-methods")).toBe("OPTIONS");
    expect(forwarded).toEqual([]);
  });

  it("lets a listed page read the answers, forwarded and refused, with the budget headers exposed", async () => {
    const ok = await proxy(new Request(`${ORIGIN}${PATHS.key}`, { headers: { origin: LISTED } }));
    expect(ok.status).toBe(200);
    // The API's own CORS headers never pass; the proxy's own stand in their place.
    expect(ok.headers.get("access-control-allow-origin")).toBe(LISTED);
    expect(ok.headers.get("access-control-expose-headers")).toContain("x-ratelimit-reset");
    expect(ok.headers.get("access-control-allow-methods")).toBeNull();
    const refused = await proxy(
      new Request(`${ORIGIN}/v2/storage/kvs/${NS}/keys/private`, { headers: { origin: LISTED } }),
    );
    expect([refused.status, refused.headers.get("access-control-allow-origin")]).toEqual([403, LISTED]);
  });

  it("sends no CORS headers to other origins, to same-origin pages or to servers", async () => {
    const callers: Array<Record<string, string>> = [
      { origin: "https://evil.test" },
      { origin: ORIGIN },
      { "sec-fetch-site": "same-origin" },
      {},
    ];
    for (const headers of callers) {
      for (const method of ["GET", "OPTIONS"]) {
        const answer = await proxy(
          new Request(`${ORIGIN}${PATHS.key}`, {
            method,
            headers: { ...headers, "access-control-request-method": "PUT" },
          }),
        );
        const cors = [...answer.headers.keys()].filter((name) => name.startsWith("access-control-"));
        expect(cors, `${method} ${JSON.stringify(headers)}`).toEqual([]);
      }
    }
  });
});
