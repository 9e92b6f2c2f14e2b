import {
  KV_ERRORS,
  KV_OPERATIONS,
  KV_ROUTES,
  type KvOperationSpec,
  type KvRouteName,
  kvAllowHeader,
  kvOperationFor,
} from "@telnyx-kv/core/protocol";
import { type Emulator, startEmulator } from "@telnyx-kv/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKvProxy, type KvProxyHandler } from "../src/proxy/index.js";
import { createNamespace, envelopeError } from "./proxy-fixtures.js";

const SERVER_KEY = "server-side-key-protocol-41aa";
const ORIGIN = "http://app.test";
const METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "PROPFIND"];
// A valid value for every query parameter the table names (the walk fails on a parameter added without one).
const SAMPLE_QUERY: Record<string, string> = {
  "page[number]": "1",
  "page[size]": "2",
  prefix: "walk/",
  limit: "5",
  ttl_secs: "60",
};

// The protocol table, walked through the proxy: every route × method does what the table says.
describe("the proxy follows core's protocol table", () => {
  let emulator: Emulator;
  let proxy: KvProxyHandler;
  let namespaceId: string;

  beforeAll(async () => {
    emulator = await startEmulator({ tokens: [SERVER_KEY], recordRequests: true, provisionDelayMs: 0 });
    namespaceId = await createNamespace(emulator.url, SERVER_KEY, "walk");
    proxy = createKvProxy({
      apiKey: SERVER_KEY,
      baseUrl: emulator.url,
      mountPath: "/kv",
      allow: { namespaces: "*", methods: ["GET", "PUT", "DELETE", "POST"], manageNamespaces: true },
      authorize: () => true,
    });
  });
  afterAll(() => emulator.close());

  /** The path of a route on a namespace of its own, so deleting one leaves the others be. */
  async function pathOf(route: KvRouteName, spec: KvOperationSpec | undefined): Promise<string> {
    const id =
      spec?.name === "namespaces.delete"
        ? await createNamespace(emulator.url, SERVER_KEY, "gone")
        : namespaceId;
    return KV_ROUTES[route].template.replace("{namespaceId}", id).replace("{key}", "walk%2Fkey");
  }

  function requestFor(path: string, method: string, spec: KvOperationSpec | undefined, query = ""): Request {
    const body =
      spec?.body === "json"
        ? JSON.stringify({ name: `walk-${Math.random().toString(36).slice(2)}` })
        : spec?.body === "bytes"
          ? "value"
          : undefined;
    return new Request(`${ORIGIN}/kv/v2${path}${query}`, {
      method,
      body,
      headers: spec?.body === "json" ? { "content-type": "application/json" } : {},
    });
  }

  it("answers every route × method of the table with one of the operation's success statuses", async () => {
    // A key to read and delete.
    await proxy(requestFor(await pathOf("key", KV_OPERATIONS["keys.put"]), "PUT", KV_OPERATIONS["keys.put"]));
    const walked: string[] = [];
    for (const route of Object.keys(KV_ROUTES) as KvRouteName[]) {
      for (const method of [...Object.keys(KV_ROUTES[route].operations), "HEAD"]) {
        const spec = kvOperationFor(route, method);
        if (!spec) continue;
        const query = spec.query.length
          ? `?${spec.query.map((param) => `${param.name}=${encodeURIComponent(SAMPLE_QUERY[param.name] ?? "")}`).join("&")}`
          : "";
        const path = await pathOf(route, spec);
        const answer = await proxy(requestFor(path, method, spec, query));
        expect(spec.success, `${method} ${route} (${spec.name}) ${await answer.clone().text()}`).toContain(
          answer.status,
        );
        walked.push(`${method} ${route}`);
        if (spec.name === "keys.delete") await proxy(requestFor(path, "PUT", KV_OPERATIONS["keys.put"]));
      }
    }
    const withGet = Object.values(KV_ROUTES).filter((spec) => spec.operations.GET).length;
    expect(walked).toHaveLength(Object.keys(KV_OPERATIONS).length + withGet);
  });

  it("answers a method the table does not list with 405 and the table's Allow, forwarding nothing", async () => {
    const before = emulator.requests.length;
    let refused = 0;
    for (const route of Object.keys(KV_ROUTES) as KvRouteName[]) {
      for (const method of METHODS) {
        if (kvOperationFor(route, method)) continue;
        const answer = await proxy(requestFor(await pathOf(route, undefined), method, undefined));
        expect([answer.status, answer.headers.get("allow")], `${method} ${route}`).toEqual([
          405,
          kvAllowHeader(route),
        ]);
        expect(envelopeError(await answer.text()).code).toBe(KV_ERRORS.methodNotAllowed.code);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(0);
    expect(emulator.requests.slice(before)).toEqual([]);
  });

  it("takes exactly the table's query parameters, each checked by the table's rule", async () => {
    const before = emulator.requests.length;
    for (const spec of Object.values(KV_OPERATIONS)) {
      const path = await pathOf(spec.route, undefined);
      const stranger = await proxy(requestFor(path, spec.method, spec, "?page=1"));
      expect([stranger.status, envelopeError(await stranger.text()).detail], spec.name).toEqual([
        400,
        expect.stringMatching(/"page" is not accepted here/),
      ]);
      for (const param of spec.query) {
        if (param.problem("not-a-number") === undefined) continue;
        const bad = await proxy(requestFor(path, spec.method, spec, `?${param.name}=not-a-number`));
        expect([bad.status, envelopeError(await bad.text()).detail], `${spec.name} ${param.name}`).toEqual([
          400,
          `Invalid ${param.name}: ${param.problem("not-a-number")}.`,
        ]);
      }
    }
    expect(emulator.requests.slice(before)).toEqual([]);
  });

  it("matches paths exactly, as the table's one rule says: a trailing slash names no endpoint", async () => {
    const before = emulator.requests.length;
    for (const path of [
      "/storage/kvs/",
      `/storage/kvs/${namespaceId}/`,
      "/storage",
      `/storage/kvs/${namespaceId}/key`,
    ]) {
      const answer = await proxy(new Request(`${ORIGIN}/kv/v2${path}`));
      expect([answer.status, envelopeError(await answer.text()).code], path).toEqual([
        404,
        KV_ERRORS.notFound.code,
      ]);
    }
    expect(emulator.requests.slice(before)).toEqual([]);
  });
});
