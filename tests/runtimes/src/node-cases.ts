import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import type * as ClientNode from "@telnyx-kv/client-node";
import {
  type ConformanceCase,
  collect,
  expect,
  freshName,
  freshToken,
  group,
} from "@telnyx-kv/conformance/cases";

/** A client on a fresh account with a ready namespace, closed by `done`. */
async function freshNamespace(node: typeof ClientNode, baseUrl: string, label: string) {
  const token = freshToken(label);
  const client = node.createKvClient({ apiKey: token, baseUrl, env: {}, retry: { baseDelayMs: 5 } });
  const created = await client.namespaces.create(freshName(label));
  await client.namespaces.waitUntilReady(created.id, { intervalMs: 10 });
  return { token, client, ns: client.namespace(created.id), id: created.id };
}

async function withTempDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "kv-matrix-"));
  try {
    return await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** What only client-node has (files, Node streams, bulk helpers, bindings, the proxy handler), per runtime. */
export function nodeOnlyCases(node: typeof ClientNode, baseUrl: string): ConformanceCase[] {
  return group("client-node extras", {
    async "putFile and getToFile round-trip every byte through the file system"() {
      const { client, ns } = await freshNamespace(node, baseUrl, "files");
      await withTempDir(async (dir) => {
        const bytes = Uint8Array.from({ length: 70_000 }, (_, index) => index % 251);
        await writeFile(join(dir, "in.bin"), bytes);
        expect(await ns.putFile("file", join(dir, "in.bin"))).toEqual({ created: true });
        const info = await ns.getToFile("file", join(dir, "out.bin"));
        expect(info).toMatchObject({ size: bytes.byteLength });
        expect(new Uint8Array(await readFile(join(dir, "out.bin")))).toEqual(bytes);
        expect(await ns.getToFile("missing", join(dir, "none.bin"))).toBeNull();
      });
      await client.close();
    },

    async "takes a Buffer and a Node Readable, and reads a Readable back"() {
      const { client, ns } = await freshNamespace(node, baseUrl, "streams");
      await ns.put("buffer", Buffer.from("from a buffer"));
      await ns.put("readable", Readable.from([Buffer.from("read"), Buffer.from("able")]));
      expect(await ns.getText("buffer")).toBe("from a buffer");
      const stream = await ns.getStream("readable");
      const chunks: Buffer[] = [];
      for await (const chunk of stream ?? []) chunks.push(Buffer.from(chunk as Uint8Array));
      expect(Buffer.concat(chunks).toString()).toBe("readable");
      expect(await ns.getStream("missing")).toBeNull();
      await client.close();
    },

    async "putMany, getMany and deleteMany report every key in order"() {
      const { client, ns } = await freshNamespace(node, baseUrl, "bulk");
      const keys = Array.from({ length: 25 }, (_, index) => `bulk/${String(index).padStart(2, "0")}`);
      const written = await ns.putMany(
        keys.map((key) => ({ key, value: `v:${key}` })),
        { concurrency: 4 },
      );
      expect(written.every((result) => result.ok)).toBe(true);
      const read = await ns.getMany([...keys, "bulk/missing"]);
      expect(read.map((result) => (result.ok ? result.value : "error"))).toEqual([
        ...keys.map((key) => `v:${key}`),
        null,
      ]);
      await ns.deleteMany(keys.slice(0, 20));
      expect((await collect(ns.list({ prefix: "bulk/" }))).map((entry) => entry.key)).toEqual(keys.slice(20));
      await client.close();
    },

    async "loadBindings reads func.toml and KV_<NAME>_ID into working bindings"() {
      const { token, client, id } = await freshNamespace(node, baseUrl, "bindings");
      const other = await client.namespaces.create(freshName("bindings-env"));
      await withTempDir(async (dir) => {
        await writeFile(join(dir, "func.toml"), `[storage.kv.cache]\nid = "${id}"\n`);
        const env = { TELNYX_API_KEY: token, TELNYX_BASE_URL: baseUrl, KV_SESSIONS_ID: other.id };
        const bindings = node.loadBindings({ cwd: dir, env });
        expect(Object.keys(bindings).sort()).toEqual(["SESSIONS", "cache"]);
        await bindings.cache!.put("greeting", "hello");
        expect(await bindings.cache!.get("greeting")).toBe("hello");
        await bindings.SESSIONS!.put("s1", "x");
        expect(await client.namespace(other.id).getText("s1")).toBe("x");
      });
      await client.close();
    },

    async "createKvProxy on node:http forwards with the key it holds, and the caller needs none"() {
      const { token, client, ns } = await freshNamespace(node, baseUrl, "proxy");
      const proxy = node.createKvProxy({
        apiKey: token,
        baseUrl,
        allow: { namespaces: [ns.id], methods: ["GET", "PUT", "DELETE"] },
        authorize: () => true,
      });
      const server = createServer(proxy.node);
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const caller = node.createKvClient({ baseUrl: `http://127.0.0.1:${port}`, env: {} });
        await caller.namespace(ns.id).put("via/proxy", "forwarded");
        expect(await ns.getText("via/proxy")).toBe("forwarded");
        const refused = await caller
          .namespace("00000000-0000-4000-8000-000000000009")
          .getText("k")
          .catch((error: unknown) => error);
        expect(refused).toMatchObject({ status: 403 });
        expect(JSON.stringify(refused)).not.toContain(token);
        await caller.close();
      } finally {
        await new Promise((resolve) => server.close(resolve));
        await client.close();
      }
    },
  });
}
