import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bindingEnvVar,
  type KvBinding,
  KvConfigError,
  KvHttpError,
  loadBindingIds,
  loadBindings,
} from "../src/index.js";
// @ts-expect-error: a plain-JS fixture without types, as a function author would write it.
import edgeFunction from "./fixtures/edge-function/handler.mjs";
import { startRig, TEST_API_KEY, type TestRig } from "./helpers.js";

const fixture = join(import.meta.dirname ?? __dirname, "fixtures", "edge-function");
const handler = edgeFunction as {
  fetch(request: Request, env: Record<string, KvBinding>): Promise<Response>;
};

describe("loadBindings", () => {
  let rig: TestRig;
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    rig = await startRig();
    dir = await mkdtemp(join(tmpdir(), "kv-bindings-"));
    const toml = await readFile(join(fixture, "func.toml"), "utf8");
    await writeFile(join(dir, "func.toml"), toml.replace(/id = ".*"/, `id = "${rig.namespaceId}"`));
    env = { TELNYX_API_KEY: TEST_API_KEY, TELNYX_BASE_URL: rig.emulator.origin };
  });
  afterAll(async () => {
    await rig.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("runs a function written for env.MY_KV unchanged against the emulator", async () => {
    const bindings = loadBindings({ cwd: dir, env });
    expect(Object.keys(bindings)).toEqual(["MY_KV"]);
    const call = (path: string, init?: RequestInit) =>
      handler.fetch(new Request(`http://function.local${path}`, init), bindings);

    expect(await (await call("/visit")).json()).toEqual({ visits: 1 });
    expect(await (await call("/visit")).json()).toEqual({ visits: 2 });
    for (const id of ["a", "b", "c"]) {
      const created = await call("/session", {
        method: "POST",
        body: JSON.stringify({ id, user: `u-${id}` }),
      });
      expect(created.status).toBe(201);
    }
    expect(await (await call("/session/b")).json()).toEqual({ id: "b", user: "u-b" });
    expect(await (await call("/sessions")).json()).toEqual({
      names: ["session/a", "session/b", "session/c"],
    });
    expect((await call("/session/b", { method: "DELETE" })).status).toBe(204);
    expect((await call("/session/b")).status).toBe(404);
    expect(await (await call("/sessions")).json()).toEqual({ names: ["session/a", "session/c"] });
    // The function's writes are real: the namespace holds them.
    expect(await rig.client.namespace(rig.namespaceId).getText("visits")).toBe("2");
  });

  it("has exactly the edge-runtime interface and shapes", async () => {
    const { MY_KV } = loadBindings({ cwd: dir, env });
    await MY_KV!.put("json", '{"a":1}');
    expect(await MY_KV!.get("json")).toBe('{"a":1}');
    expect(await MY_KV!.get("json", { type: "text" })).toBe('{"a":1}');
    expect(await MY_KV!.get<{ a: number }>("json", { type: "json" })).toEqual({ a: 1 });
    expect(await MY_KV!.get("nothing")).toBeNull();
    expect(await MY_KV!.put("ttl", "x", { expirationTtl: 60, metadata: { ignored: true } })).toBeUndefined();
    expect(await MY_KV!.delete("never-existed")).toBeUndefined();
    const page = await MY_KV!.list({ prefix: "json" });
    expect(page).toEqual({
      keys: [{ name: "json", sizeBytes: 7, updatedAt: expect.any(String) }],
      list_complete: true,
    });
    expect("cursor" in page).toBe(false);
  });

  it("rejects a non-2xx with an Error naming the operation and the status", async () => {
    const { MY_KV } = loadBindings({
      config: false,
      env: { ...env, KV_MY_KV_ID: "11111111-2222-4333-8444-555555555555" },
    });
    const error = await MY_KV!.put("k", "v").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(KvHttpError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/keys\.put/);
    expect((error as Error).message).toMatch(/HTTP 404/);
  });

  it("lets KV_<NAME>_ID override the file and add bindings", async () => {
    const other = await rig.client.namespaces.create("other-binding");
    const bindings = loadBindings({
      cwd: dir,
      env: { ...env, KV_MY_KV_ID: other.id, KV_SESSIONS_ID: rig.namespaceId },
    });
    expect(Object.keys(bindings).sort()).toEqual(["MY_KV", "SESSIONS"]);
    await rig.client.namespaces.waitUntilReady(other.id, { intervalMs: 5 });
    await bindings.MY_KV!.put("where", "other");
    expect(await rig.client.namespace(other.id).getText("where")).toBe("other");
    expect(await bindings.SESSIONS!.get("visits")).toBe("2");
    expect(bindingEnvVar("my-cache")).toBe("KV_MY_CACHE_ID");
  });

  it("loadBindingIds gives each name's namespace id by the same rules, needing no client or API key", async () => {
    const other = "11111111-2222-4333-8444-555555555555";
    const extra = "66666666-7777-4888-8999-aaaaaaaaaaaa";
    expect(loadBindingIds({ cwd: dir, env: {} })).toEqual({ MY_KV: rig.namespaceId });
    expect(loadBindingIds({ cwd: dir, env: { KV_MY_KV_ID: other, KV_SESSIONS_ID: extra } })).toEqual({
      MY_KV: other,
      SESSIONS: extra,
    });
    expect(loadBindingIds({ config: false, cwd: dir, env: {} })).toEqual({});
    const alt = await mkdtemp(join(tmpdir(), "kv-binding-ids-"));
    await writeFile(join(alt, "telnyx.toml"), `[storage.kv.my-cache]\nid = "${extra}"\n`);
    // The env var of a name with a dash is KV_MY_CACHE_ID; it overrides that name instead of adding one.
    expect(loadBindingIds({ cwd: alt, env: { KV_MY_CACHE_ID: other } })).toEqual({ "my-cache": other });
    await rm(alt, { recursive: true, force: true });
    let error: unknown;
    try {
      loadBindingIds({ cwd: dir, env: { KV_MY_KV_ID: "my-namespace" } });
    } catch (caught) {
      error = caught;
    }
    expect(KvConfigError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/KV_MY_KV_ID.*not a namespace id/);
    // loadBindings binds the same names (the override test below shows where their writes land).
    expect(Object.keys(loadBindings({ cwd: dir, env }))).toEqual(["MY_KV"]);
  });

  it("reads telnyx.toml when there is no func.toml, and an explicit path", async () => {
    const alt = await mkdtemp(join(tmpdir(), "kv-telnyx-toml-"));
    await writeFile(join(alt, "telnyx.toml"), `[storage.kv.CACHE]\nid = "${rig.namespaceId}"\n`);
    expect(Object.keys(loadBindings({ cwd: alt, env }))).toEqual(["CACHE"]);
    expect(Object.keys(loadBindings({ config: join(alt, "telnyx.toml"), env }))).toEqual(["CACHE"]);
    await rm(alt, { recursive: true, force: true });
  });

  it("fails clearly on a missing file, a bad id, bad TOML or no API key", async () => {
    const expectConfigError = (make: () => unknown, pattern: RegExp) => {
      let error: unknown;
      try {
        make();
      } catch (caught) {
        error = caught;
      }
      expect(KvConfigError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(pattern);
    };
    expectConfigError(() => loadBindings({ config: join(dir, "nope.toml"), env }), /does not exist/);
    expectConfigError(() => loadBindings({ config: false, env: { ...env, KV_X_ID: "my-name" } }), /KV_X_ID/);
    const broken = join(dir, "broken.toml");
    await writeFile(broken, "[storage.kv.A]\nid = \n");
    expectConfigError(() => loadBindings({ config: broken, env }), /broken\.toml/);
    const noId = join(dir, "no-id.toml");
    await writeFile(noId, "[storage.kv.A]\nname = 'x'\n");
    expectConfigError(() => loadBindings({ config: noId, env }), /needs id/);
    expectConfigError(() => loadBindings({ cwd: dir, env: {} }), /TELNYX_API_KEY/);
  });
});
