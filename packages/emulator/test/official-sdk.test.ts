/** The official `telnyx` npm SDK (7.x), pointed at the emulator, works unchanged. */
import Telnyx from "telnyx";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../src/index.js";
import { freshName, freshToken, mapLimit } from "./helpers.js";

describe("official telnyx SDK against the emulator", () => {
  let emu: Emulator;
  let client: Telnyx;

  beforeAll(async () => {
    emu = await startEmulator({ logger: false });
    client = new Telnyx({ apiKey: freshToken(), baseURL: emu.url, logLevel: "off" });
  });
  afterAll(() => emu?.close());

  async function readyNamespace(sdk: Telnyx): Promise<string> {
    const created = await sdk.storage.kvs.create({ name: freshName("sdk") });
    expect(created.data?.status).toBe("pending");
    const id = created.data!.id!;
    for (let i = 0; i < 100; i++) {
      const got = await sdk.storage.kvs.retrieve(id);
      if (got.data?.status === "provision_ok") return id;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error("namespace never provisioned");
  }

  it("creates a namespace and waits for provision_ok", async () => {
    const name = freshName("sdk");
    const created = await client.storage.kvs.create({ name });
    expect(created.data).toMatchObject({ name, status: "pending", record_type: "storage_kv" });
    const id = created.data!.id!;
    let status: string | undefined;
    for (let i = 0; i < 100 && status !== "provision_ok"; i++) {
      status = (await client.storage.kvs.retrieve(id)).data?.status;
    }
    expect(status).toBe("provision_ok");
  });

  it("puts, gets and deletes keys that contain `/`", async () => {
    const id = await readyNamespace(client);
    const keys = ["user/123", "a/b/c/d", "/leading", "trailing/", "dots/./..x"];
    for (const key of keys) {
      await client.storage.kvs.keys.update(key, `value of ${key}`, { id });
    }
    for (const key of keys) {
      const res = await client.storage.kvs.keys.retrieve(key, { id });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(`value of ${key}`);
      expect(res.headers.get("content-type")).toBe("application/octet-stream");
    }
    const binary = new Uint8Array([0, 255, 128, 10, 13]);
    await client.storage.kvs.keys.update("bin/value", binary, { id });
    const got = await client.storage.kvs.keys.retrieve("bin/value", { id });
    expect([...new Uint8Array(await got.arrayBuffer())]).toEqual([...binary]);
    const listed: string[] = [];
    for await (const item of client.storage.kvs.keys.list(id)) listed.push(item.key!);
    expect(listed).toEqual([...keys, "bin/value"].sort());
    for (const key of keys) await client.storage.kvs.keys.delete(key, { id });
    await client.storage.kvs.keys.delete("never/existed", { id });
    await expect(client.storage.kvs.keys.retrieve("user/123", { id })).rejects.toBeInstanceOf(
      Telnyx.NotFoundError,
    );
  });

  it("writes with ttl_secs", async () => {
    const id = await readyNamespace(client);
    await client.storage.kvs.keys.update("ttl/key", "v", { id, ttl_secs: 3600 });
    expect(await (await client.storage.kvs.keys.retrieve("ttl/key", { id })).text()).toBe("v");
  });

  it("lists 2,500 keys to the end with its own auto-pagination", async () => {
    const id = await readyNamespace(client);
    const keys = Array.from({ length: 2500 }, (_, i) => `bulk/${String(i).padStart(5, "0")}`);
    await mapLimit(keys, 16, (key) => client.storage.kvs.keys.update(key, key, { id }));
    const seen: string[] = [];
    for await (const item of client.storage.kvs.keys.list(id)) {
      seen.push(item.key!);
      expect(item.size_bytes).toBe(item.key!.length);
    }
    expect(seen).toEqual(keys);
    const small: string[] = [];
    let pages = 0;
    const firstPage = await client.storage.kvs.keys.list(id, { limit: 400, prefix: "bulk/01" });
    for await (const page of firstPage.iterPages()) {
      pages++;
      small.push(...page.data.map((k) => k.key!));
    }
    expect(small).toEqual(keys.filter((k) => k.startsWith("bulk/01")));
    expect(pages).toBe(Math.ceil(small.length / 400));
  }, 120_000);

  it("pages through namespaces by page number", async () => {
    const sdk = new Telnyx({ apiKey: freshToken(), baseURL: emu.url, logLevel: "off" });
    const names = [freshName("p"), freshName("p"), freshName("p")];
    for (const name of names) await sdk.storage.kvs.create({ name });
    const seen: string[] = [];
    for await (const ns of sdk.storage.kvs.list({ "page[size]": 1 })) seen.push(ns.name!);
    expect(seen).toEqual(names);
  });

  it("maps errors to the SDK's error classes", async () => {
    const sdk = new Telnyx({ apiKey: freshToken(), baseURL: emu.url, maxRetries: 0, logLevel: "off" });
    const name = freshName("dup");
    await sdk.storage.kvs.create({ name });
    const dup = await sdk.storage.kvs.create({ name }).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(Telnyx.ConflictError);
    expect((dup as InstanceType<typeof Telnyx.ConflictError>).status).toBe(409);
    const bad = await sdk.storage.kvs.create({ name: "Not Valid" }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(Telnyx.BadRequestError);
    const missing = await sdk.storage.kvs
      .retrieve("00000000-0000-4000-8000-000000000000")
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(Telnyx.NotFoundError);
    const anonymous = new Telnyx({ apiKey: "", baseURL: emu.url, maxRetries: 0, logLevel: "off" });
    const unauth = await anonymous.storage.kvs.list().catch((e: unknown) => e);
    expect(unauth).toBeInstanceOf(Error);
  });
});
