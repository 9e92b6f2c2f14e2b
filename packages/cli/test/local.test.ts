import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createKvClient } from "@telnyx-kv/client-node";
import { startEmulator } from "@telnyx-kv/emulator";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expectOk, finished, run, start, tempDir } from "./helpers.js";

let scratch: ReturnType<typeof tempDir>;
beforeEach(() => {
  scratch = tempDir();
});
afterEach(() => {
  scratch.remove();
});

/** Reads the store the way `telnyx-kv-emulator --data DIR --token TOKEN` serves it. */
async function withStore<T>(
  dir: string,
  token: string,
  read: (client: ReturnType<typeof createKvClient>) => Promise<T>,
) {
  const emulator = await startEmulator({ store: "sqlite", dataDir: dir });
  const client = createKvClient({ baseUrl: emulator.url, apiKey: token, proxy: false });
  try {
    return await read(client);
  } finally {
    await client.close();
    await emulator.close();
  }
}

describe("--local", () => {
  it("needs no account: the data stays in DIR for the next run", async () => {
    const dir = join(scratch.dir, "store");
    expectOk(await run(["namespace", "create", "local-cache", "--local", dir]));
    expectOk(await run(["key", "put", "local-cache", "k", "kept", "--local", dir]));
    const get = await run(["key", "get", "local-cache", "k", "--local", dir]);
    expectOk(get);
    expect(get.stdout.toString()).toBe("kept");
    expect(existsSync(join(dir, "kv.sqlite3"))).toBe(true);
  });

  it("defaults to ./.telnyx-kv, the store telnyx-kv-emulator --data uses", async () => {
    expectOk(await run(["namespace", "create", "shared", "--local"], { cwd: scratch.dir }));
    expectOk(await run(["key", "put", "shared", "hello", "world", "--local"], { cwd: scratch.dir }));
    const value = await withStore(join(scratch.dir, ".telnyx-kv"), "telnyx-kv-local", async (client) => {
      for await (const namespace of client.namespaces.list())
        return client.namespace(namespace.id).getText("hello");
      return undefined;
    });
    expect(value).toBe("world");
  });

  it("--api-key picks the account of a telnyx-kv-emulator --token run", async () => {
    const dir = join(scratch.dir, "store");
    const made = await withStore(dir, "dev-key", async (client) => {
      const created = await client.namespaces.create("from-emulator");
      await client.namespaces.waitUntilReady(created.id);
      await client.namespace(created.id).put("seeded", "by the emulator");
      return created.id;
    });
    const get = await run(["key", "get", "from-emulator", "seeded", "--local", dir, "--api-key", "dev-key"]);
    expectOk(get);
    expect(get.stdout.toString()).toBe("by the emulator");
    expect(get.stderr).not.toContain("dev-key");
    // Without the key it is the local account, which does not have that namespace.
    const other = await run(["namespace", "get", made, "--local", dir]);
    expect(other.status).toBe(2);
  });

  it("an import killed midway keeps its checkpoint in DIR and --resume finishes it", async () => {
    const dir = join(scratch.dir, "store");
    const file = join(scratch.dir, "many.ndjson");
    const count = 6000;
    writeFileSync(
      file,
      Array.from({ length: count }, (_, i) => JSON.stringify({ key: `many/${i}`, value: `value ${i}` })).join(
        "\n",
      ),
    );
    expectOk(await run(["namespace", "create", "many", "--local", dir]));
    const child = start(["import", "many", file, "--local", dir, "--concurrency", "4"]);
    const done = finished(child);
    const checkpoint = () => readdirSync(dir).find((name) => name.endsWith(".telnyx-kv-checkpoint"));
    while (!(checkpoint() && statSync(join(dir, checkpoint()!)).size > 2000)) await sleep(10);
    child.kill("SIGKILL");
    expect((await done).signal).toBe("SIGKILL");
    expect(readdirSync(scratch.dir).filter((name) => name.endsWith(".telnyx-kv-checkpoint"))).toEqual([]);
    const resumed = await run(["import", "many", file, "--local", dir, "--resume"]);
    expectOk(resumed);
    expect(resumed.stderr).toMatch(/Resuming: [1-9]\d* entries were already imported/);
    const listed = await withStore(dir, "telnyx-kv-local", async (client) => {
      for await (const namespace of client.namespaces.list()) {
        let keys = 0;
        for await (const _ of client.namespace(namespace.id).list()) keys++;
        return keys;
      }
      return 0;
    });
    expect(listed).toBe(count);
    expect(checkpoint()).toBeUndefined();
  });

  it("import and export work on the local store", async () => {
    const dir = join(scratch.dir, "store");
    const file = join(scratch.dir, "in.ndjson");
    writeFileSync(file, '{"key":"a","value":"1"}\n{"key":"b","value":"/w==","base64":true}\n');
    expectOk(await run(["namespace", "create", "imp", "--local", dir]));
    const imported = await run(["import", "imp", file, "--local", dir]);
    expectOk(imported);
    expect(readdirSync(dir).filter((name) => name.endsWith(".telnyx-kv-checkpoint"))).toEqual([]);
    const exported = await run(["export", "imp", "--local", dir]);
    expectOk(exported);
    expect(exported.stdout.toString()).toBe(
      '{"key":"a","value":"1","content_type":"text/plain; charset=utf-8"}\n' +
        '{"key":"b","value":"/w==","base64":true,"content_type":"application/octet-stream"}\n',
    );
  });

  it("--local and --base-url exclude each other", async () => {
    const result = await run(["namespace", "list", "--local", "--base-url", "http://127.0.0.1:9/v2"], {
      cwd: scratch.dir,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("--local and --base-url exclude each other");
  });
});
