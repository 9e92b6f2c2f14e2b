import { describe, expect, it } from "vitest";
import { createKvProxy, type KvProxyOptions } from "../src/proxy/index.js";
import { listen, rawRequest } from "./proxy-fixtures.js";

// Long and random-looking, so any 6-character piece of it found in an answer is a leak, not a coincidence.
const SERVER_KEY = "KEYr9zQ4xW7vB2nM5pL8tT3yU6hJ1gF0dS4wE7cX";
const NS = "0b6f3c2e-4a8d-4e7b-9c1a-2d3e4f5a6b7c";
const ORIGIN = "http://app.test";
// Where quoting cuts a piece of the request short.
const CUT = 80;

/** The first piece of the key (6 characters or more) that `text` holds, or `undefined`. */
function keyPiece(text: string): string | undefined {
  for (let start = 0; start + 6 <= SERVER_KEY.length; start += 1) {
    const piece = SERVER_KEY.slice(start, start + 6);
    if (text.includes(piece)) return piece;
  }
  return undefined;
}

/** A proxy in front of a fake API, every logged line and field recorded as given. */
function rig(mountPath = "/kv") {
  const logged: Array<{ message: string; fields: Record<string, unknown> }> = [];
  const options: KvProxyOptions = {
    apiKey: SERVER_KEY,
    mountPath,
    baseUrl: "http://api.test/v2",
    allow: { namespaces: [NS], prefixes: ["public/"] },
    authorize: () => true,
    fetch: async () => new Response("ok", { status: 200 }),
    logger: { debug: (message, fields) => logged.push({ message, fields: fields ?? {} }) },
  };
  return { proxy: createKvProxy(options), logged };
}

/** Every piece of text a refusal showed the caller or the log: body, each header, message, each field. */
function shown(
  body: string,
  headers: Iterable<[string, unknown]>,
  logged: ReturnType<typeof rig>["logged"],
): string[] {
  return [
    body,
    ...[...headers].map(([name, value]) => `${name}: ${String(value)}`),
    ...logged.flatMap(({ message, fields }) => [
      message,
      ...Object.entries(fields).map(([name, value]) => `${name}=${String(value)}`),
    ]),
  ];
}

// The key starts `fill` characters into a quoted piece, from well before the cut to where the cut would
// still keep six of its characters.
const FILLS = [50, ...Array.from({ length: 13 }, (_, i) => CUT - 18 + i)];
const a = (n: number) => "a".repeat(n);

/** Requests whose refusal quotes a piece holding the key at `fill`, with the piece that is quoted. */
function leakyRequests(
  fill: number,
): Array<{ what: string; path: string; mount?: string; headers?: Record<string, string> }> {
  const base = `/kv/v2/storage/kvs/${NS}/keys`;
  return [
    // The reported repro, on a proxy at the root: 404 "No KV endpoint at <path>" quotes the whole path.
    { what: "unknown path", path: `/${a(fill - 1)}${SERVER_KEY}`, mount: "" },
    { what: "path under the mount", path: `/kv/${a(fill - 4)}${SERVER_KEY}` },
    // 400 "Invalid namespace id <id>".
    { what: "namespace id", path: `/kv/v2/storage/kvs/${a(fill)}${SERVER_KEY}` },
    // 403 "This proxy does not allow key <key>".
    { what: "key", path: `${base}/${a(fill)}${SERVER_KEY}` },
    // 400 "Query parameter <name> is not accepted here".
    { what: "query name", path: `${base}/public%2Fx?${a(fill)}${SERVER_KEY}=1` },
    { what: "query name on a listing", path: `${base}?${a(fill)}${SERVER_KEY}=1` },
    // 400 "segment <raw> is not valid percent-encoding", refused raw by the node adapter.
    { what: "bad encoding", path: `/kv/v2/storage/kvs/${a(fill)}${SERVER_KEY}%zz/keys/x` },
    // 403 "Requests from origin <origin> are refused".
    { what: "origin", path: `${base}/public%2Fx`, headers: { origin: `http://${a(fill - 7)}${SERVER_KEY}` } },
  ];
}

describe("createKvProxy: the key is redacted before anything is shortened", () => {
  it("the test inputs sit on the cut: shortening first would have kept the start of the key", () => {
    for (const fill of FILLS) {
      const cutFirst = JSON.stringify(`/${a(fill - 1)}${SERVER_KEY}`.slice(0, CUT));
      expect(keyPiece(cutFirst), String(fill)).toBeDefined();
    }
  });

  it("shows no piece of a key split by the cut, in path or query, in the body, headers or log fields", async () => {
    for (const fill of FILLS) {
      for (const { what, path, mount, headers } of leakyRequests(fill)) {
        const { proxy, logged } = rig(mount);
        const answer = await proxy(new Request(`${ORIGIN}${path}`, { headers }));
        expect(answer.status, `${what} at ${fill}`).toBeGreaterThanOrEqual(400);
        const texts = shown(await answer.text(), answer.headers, logged);
        expect(logged, `${what} at ${fill}`).toHaveLength(1);
        for (const text of texts) expect(keyPiece(text), `${what} at ${fill}: ${text}`).toBeUndefined();
        // Where the key starts well before the cut, the marker shows it was there.
        if (fill === 50) expect(texts.join("\n"), `${what} at ${fill}`).toContain("[redacted]");
      }
    }
  });

  it("does the same through the node adapter, whose raw-path check answers before the handler", async () => {
    const servers = new Map<
      string,
      { server: Awaited<ReturnType<typeof listen>>; logged: ReturnType<typeof rig>["logged"] }
    >();
    for (const mount of ["", "/kv"]) {
      const { proxy, logged } = rig(mount);
      servers.set(mount, { server: await listen(proxy.node), logged });
    }
    try {
      for (const fill of [50, CUT - 6]) {
        for (const { what, path, mount = "/kv", headers } of leakyRequests(fill)) {
          const { server, logged } = servers.get(mount) as NonNullable<ReturnType<typeof servers.get>>;
          logged.length = 0;
          const answer = await rawRequest(server.port, path, { headers });
          expect(answer.status, `${what} at ${fill}`).toBeGreaterThanOrEqual(400);
          const texts = shown(answer.body.toString(), Object.entries(answer.headers), logged);
          expect(logged, `${what} at ${fill}`).toHaveLength(1);
          for (const text of texts) expect(keyPiece(text), `${what} at ${fill}: ${text}`).toBeUndefined();
        }
      }
    } finally {
      for (const { server } of servers.values()) await server.close();
    }
  });
});
