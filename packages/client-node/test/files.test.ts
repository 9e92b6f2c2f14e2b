import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { putFile } from "../src/files.js";
import { createKvClient, KV_MAX_VALUE_BYTES, KvNetworkError } from "../src/index.js";
import { startRig, TEST_API_KEY, type TestRig } from "./helpers.js";
import { startServer } from "./http-server.js";

describe("putFile / getToFile", () => {
  let rig: TestRig;
  let dir: string;
  beforeAll(async () => {
    rig = await startRig({ emulator: { recordRequests: true } });
    dir = await mkdtemp(join(tmpdir(), "kv-files-"));
  });
  afterAll(async () => {
    await rig.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("round-trips exactly 1,048,576 bytes byte-exact", async () => {
    const kv = rig.client.namespace(rig.namespaceId);
    const bytes = randomBytes(KV_MAX_VALUE_BYTES);
    const source = join(dir, "max.bin");
    await writeFile(source, bytes);
    expect(await kv.putFile("max", source)).toEqual({ created: true });
    const target = join(dir, "max.out");
    const info = await kv.getToFile("max", target);
    expect(info).toEqual({ path: target, size: KV_MAX_VALUE_BYTES, contentType: "application/octet-stream" });
    expect((await readFile(target)).equals(bytes)).toBe(true);
    expect((await readdir(dir)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("reads the file into a buffer where Node has no fs.openAsBlob (Node 18)", async () => {
    const kv = rig.client.namespace(rig.namespaceId);
    const bytes = randomBytes(KV_MAX_VALUE_BYTES);
    const source = join(dir, "streamed.bin");
    await writeFile(source, bytes);
    // The Node namespace client wraps core's; reach the same function with no openAsBlob.
    expect(await putFile(kv, "streamed", source, {}, undefined)).toEqual({ created: true });
    expect(Buffer.from((await kv.getBytes("streamed"))!).equals(bytes)).toBe(true);
  });

  it("refuses one byte more before anything is uploaded", async () => {
    const kv = rig.client.namespace(rig.namespaceId);
    const source = join(dir, "over.bin");
    await writeFile(source, Buffer.alloc(KV_MAX_VALUE_BYTES + 1, 7));
    const puts = () => rig.emulator.requests.filter((request) => request.method === "PUT").length;
    const before = puts();
    const error = await kv.putFile("over", source).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: "validation", input: "value size", status: 413 });
    expect((error as Error).message).toContain("1048576");
    expect(puts()).toBe(before);
    expect(await kv.getText("over")).toBeNull();
  });

  it("writes nothing for a missing key", async () => {
    const kv = rig.client.namespace(rig.namespaceId);
    const target = join(dir, "missing.out");
    expect(await kv.getToFile("missing", target)).toBeNull();
    await expect(readFile(target)).rejects.toMatchObject({ code: "ENOENT" });
  });
});

describe("a download that breaks mid-way", () => {
  /** Answers 200 with half the promised body, then destroys the socket. */
  const startBreakingServer = () =>
    startServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": "100000" });
      res.write(Buffer.alloc(50_000, 1));
      setTimeout(() => res.destroy(), 20);
    });

  it("getToFile leaves neither a partial file nor a temp file, and keeps an existing file", async () => {
    const server = await startBreakingServer();
    const dir = await mkdtemp(join(tmpdir(), "kv-broken-"));
    const target = join(dir, "value.bin");
    await writeFile(target, "previous");
    const client = createKvClient({ apiKey: TEST_API_KEY, baseUrl: server.origin, retry: false, env: {} });
    const kv = client.namespace("7b7c3d3a-0a5e-4b8e-9d56-2b7c1b6f0a11");
    const error = await kv.getToFile("k", target).catch((caught: unknown) => caught);
    // Core's typed, redacted error for the broken body, rethrown as it is.
    expect(KvNetworkError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ operation: "keys.get", key: "k" });
    expect((error as Error).message).toContain("UND_ERR_SOCKET");
    expect((error as Error).message).not.toContain(TEST_API_KEY);
    expect(await readFile(target, "utf8")).toBe("previous");
    expect(await readdir(dir)).toEqual(["value.bin"]);
    await client.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("getStream errors with core's typed, redacted KvNetworkError", async () => {
    const server = await startBreakingServer();
    const client = createKvClient({ apiKey: TEST_API_KEY, baseUrl: server.origin, retry: false, env: {} });
    const kv = client.namespace("7b7c3d3a-0a5e-4b8e-9d56-2b7c1b6f0a11");
    const stream = await kv.getStream("k");
    let received = 0;
    const error = await (async () => {
      for await (const chunk of stream!) received += (chunk as Buffer).byteLength;
    })().catch((caught: unknown) => caught);
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(100_000);
    expect(KvNetworkError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ operation: "keys.get", key: "k" });
    expect((error as Error).message).toContain("UND_ERR_SOCKET");
    expect((error as Error).message).not.toContain(TEST_API_KEY);
    await client.close();
    await server.close();
  });
});
