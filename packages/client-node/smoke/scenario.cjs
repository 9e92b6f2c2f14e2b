// The smoke scenario, shared by smoke.mjs (import) and smoke.cjs (require): plain JS that any Node from
// 18 up runs against the BUILT package and the emulator. Throws on the first mismatch.
"use strict";
const { randomBytes } = require("node:crypto");
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { Readable } = require("node:stream");

function check(condition, what) {
  if (!condition) throw new Error(`smoke: ${what}`);
}

/** Runs the scenario with the package's exports `kv` and the emulator's `emulatorModule`. */
async function run(kv, emulatorModule, label) {
  const emulator = await emulatorModule.startEmulator({ host: "127.0.0.1", port: 0, store: "memory" });
  const dir = mkdtempSync(join(tmpdir(), "kv-smoke-"));
  const env = { TELNYX_API_KEY: "KEYsmoke", TELNYX_BASE_URL: emulator.origin };
  const client = kv.KvClient.fromEnv({ env, retry: { baseDelayMs: 5 } });
  try {
    check(typeof kv.createKvClient.fromEnv === "function", "createKvClient.fromEnv exists");
    check(typeof kv.KvHttpError?.isInstance === "function", "core is re-exported");
    let configError;
    try {
      kv.createKvClient.fromEnv({ env: {} });
    } catch (error) {
      configError = error;
    }
    check(
      kv.KvConfigError.isInstance(configError) && configError.envVar === "TELNYX_API_KEY",
      "missing key error",
    );

    const created = await client.namespaces.create(`smoke-${process.pid}`);
    const ready = await client.namespaces.waitUntilReady(created.id, { intervalMs: 10 });
    check(ready.status === "provision_ok", "namespace ready");
    const ns = client.namespace(created.id);

    check((await ns.put("greeting", "hello")).created === true, "put created");
    check((await ns.getText("greeting")) === "hello", "get text");
    check((await ns.getText("missing")) === null, "missing is null");
    await ns.put("buffer", Buffer.from([1, 2, 3]));
    check(Buffer.from(await ns.getBytes("buffer")).equals(Buffer.from([1, 2, 3])), "buffer round trip");
    await ns.put("readable", Readable.from([Buffer.from("ab"), Buffer.from("cd")]));
    check((await ns.getText("readable")) === "abcd", "readable round trip");
    const keys = [];
    for await (const info of ns.list()) keys.push(info.key);
    check(keys.join(",") === "buffer,greeting,readable", `list: ${keys.join(",")}`);
    await ns.delete("greeting");
    check((await ns.getText("greeting")) === null, "deleted");

    const bytes = randomBytes(kv.KV_MAX_VALUE_BYTES);
    writeFileSync(join(dir, "in.bin"), bytes);
    await ns.putFile("file", join(dir, "in.bin"));
    const info = await ns.getToFile("file", join(dir, "out.bin"));
    check(info && info.size === bytes.length, "getToFile size");
    check(readFileSync(join(dir, "out.bin")).equals(bytes), "file round trip byte-exact");
    writeFileSync(join(dir, "big.bin"), Buffer.alloc(kv.KV_MAX_VALUE_BYTES + 1));
    const tooBig = await ns.putFile("big", join(dir, "big.bin")).catch((error) => error);
    check(kv.KvValidationError.isInstance(tooBig), "1 MiB + 1 refused");

    const many = await ns.putMany([1, 2, 3].map((i) => ({ key: `m${i}`, value: `v${i}` })));
    check(
      many.every((result) => result.ok),
      "putMany",
    );
    const got = await ns.getMany(["m1", "m3", "nope"]);
    check(got.map((result) => result.value).join(",") === "v1,v3,", "getMany");

    writeFileSync(join(dir, "func.toml"), `[storage.kv.MY_KV]\nid = "${created.id}"\n`);
    const bindings = kv.loadBindings({ cwd: dir, env, client });
    await bindings.MY_KV.put("bound", JSON.stringify({ ok: true }));
    check((await bindings.MY_KV.get("bound", { type: "json" })).ok === true, "binding get json");
    const page = await bindings.MY_KV.list({ prefix: "b" });
    check(
      page.list_complete === true && page.keys.map((k) => k.name).join(",") === "bound,buffer",
      "binding list",
    );
    await bindings.MY_KV.delete("bound");
    check((await bindings.MY_KV.get("bound")) === null, "binding delete");
  } finally {
    await client.close();
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`smoke ok (${label}, Node ${process.version})`);
}

module.exports = { run };
