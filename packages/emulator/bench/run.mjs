// Side-by-side benchmark of the built emulator (dist/) on loopback; prints ratios, gates nothing.
//   GET / PUT req/s of 100-byte values, memory and SQLite stores, against a bare node:http server (the ceiling).
//   List-page latency on SQLite at 10,000 and 1,000,000 keys (seek cursor from the middle of the namespace).
// Env: BENCH_ONLY (rps|list), BENCH_SECONDS (default 3), BENCH_CONNECTIONS (64), BENCH_ROUNDS (3), BENCH_BIG_KEYS (1000000).
// Targets run interleaved for several rounds and the best round of each counts: on a small shared machine a
// background burst can only slow a run down, so the best is the least disturbed measurement.
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { startEmulator } from "../dist/index.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const BIG = Number(process.env.BENCH_BIG_KEYS ?? 1_000_000);
const ONLY = process.env.BENCH_ONLY;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SMALL = 10_000;
const TOKEN = "bench-token";
const VALUE = Buffer.alloc(100, 0x61);
const loader = fork(fileURLToPath(new URL("./load.mjs", import.meta.url)));
const scratch = mkdtempSync(join(tmpdir(), "telnyx-kv-bench-"));

function load(job) {
  return new Promise((resolve, reject) => {
    loader.once("message", (result) => (result.ok ? resolve(result) : reject(new Error(result.error))));
    loader.send(job);
  });
}

function rawRequest(method, path, body) {
  const head =
    `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKEN}\r\n` +
    (body ? `Content-Type: application/octet-stream\r\nContent-Length: ${body.length}\r\n` : "") +
    "\r\n";
  return Buffer.concat([Buffer.from(head, "latin1"), body ?? Buffer.alloc(0)]).toString("base64");
}

async function throughput(port, requests) {
  const result = await load({
    port,
    requests,
    connections: CONNECTIONS,
    durationMs: SECONDS * 1000,
    warmupMs: 1000,
  });
  if (result.bad > 0) throw new Error(`${result.bad} error answers during the run`);
  return result.rps;
}

async function api(emu, method, path, body, type) {
  const headers = { authorization: `Bearer ${TOKEN}` };
  if (type) headers["content-type"] = type;
  const res = await fetch(`${emu.url}${path}`, { method, headers, body });
  if (res.status >= 300) throw new Error(`${method} ${path} -> ${res.status} ${await res.text()}`);
  return res.status === 204 || res.headers.get("content-length") === "0" ? undefined : res.json();
}

async function readyNamespace(emu, name) {
  const created = await api(emu, "POST", "/storage/kvs", JSON.stringify({ name }), "application/json");
  return created.data.id;
}

async function bareTarget() {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": VALUE.length });
      res.end(VALUE);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  const get = await throughput(port, [rawRequest("GET", "/v2/value")]);
  const put = await throughput(port, [rawRequest("PUT", "/v2/value", VALUE)]);
  await new Promise((resolve) => server.close(resolve));
  return { get, put };
}

async function emulatorTarget(options) {
  const emu = await startEmulator(options);
  const id = await readyNamespace(emu, "bench");
  const base = `/v2/storage/kvs/${id}/keys`;
  await api(emu, "PUT", `/storage/kvs/${id}/keys/bench%2Fvalue`, VALUE, "application/octet-stream");
  const get = await throughput(emu.port, [rawRequest("GET", `${base}/bench%2Fvalue`)]);
  const puts = Array.from({ length: 1000 }, (_, i) => rawRequest("PUT", `${base}/bench%2F${i}`, VALUE));
  const put = await throughput(emu.port, puts);
  await emu.close();
  return { get, put };
}

// Writes keys straight into the store's table (the schema of src/store/sqlite.ts), not through HTTP.
function bulkLoad(dir, id, count) {
  const db = new Database(join(dir, "kv.sqlite3"));
  const ns = db.prepare("SELECT seq FROM namespaces WHERE id = ?").pluck().get(id);
  const insert = db.prepare(
    "INSERT INTO kv (ns, key, size, content_type, updated_at, expires_at, value) VALUES (?, ?, ?, ?, ?, NULL, ?)",
  );
  const now = Date.now();
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      insert.run(
        ns,
        `user/${String(i).padStart(8, "0")}`,
        VALUE.length,
        "application/octet-stream",
        now,
        VALUE,
      );
    }
  })();
  db.close();
}

/** An emulator on a SQLite namespace of `keys` keys, bulk-loaded, and a cursor from its middle. */
async function listTarget(keys) {
  const dir = join(scratch, `list-${keys}`);
  let emu = await startEmulator({ store: "sqlite", dataDir: dir });
  const id = await readyNamespace(emu, "list");
  await emu.close();
  const loadStart = performance.now();
  bulkLoad(dir, id, keys);
  const loadSeconds = (performance.now() - loadStart) / 1000;
  emu = await startEmulator({ store: "sqlite", dataDir: dir });
  // A cursor in the middle of the namespace, obtained the way a client would.
  const mid = `user/${String(Math.floor(keys / 2)).padStart(8, "0")}`;
  const first = await api(emu, "GET", `/storage/kvs/${id}/keys?prefix=${encodeURIComponent(mid)}&limit=1`);
  return { emu, id, cursor: first.meta.cursor ?? "", loadSeconds };
}

/** Median latency of one page, in ms, over `count` sequential requests. */
async function pageLatency(target, limit, count) {
  const path = `/v2/storage/kvs/${target.id}/keys?cursor=${target.cursor}&limit=${limit}`;
  const r = await load({
    port: target.emu.port,
    requests: [rawRequest("GET", path)],
    connections: 1,
    count,
    recordLatency: true,
  });
  if (r.bad > 0) throw new Error(`list answered errors: ${r.bad}`);
  return r.median;
}

const pad = (s, n) => String(s).padEnd(n);
const fmt = (n) => Math.round(n).toLocaleString("en-US");

try {
  console.log(
    `node ${process.version}, ${CONNECTIONS} connections, ${SECONDS}s per run after 1s warm-up, best of ${ROUNDS} rounds\n`,
  );
  if (ONLY !== "list") await rpsTable();
  if (ONLY !== "rps") await listTable();
} finally {
  loader.kill();
  rmSync(scratch, { recursive: true, force: true });
}

async function rpsTable() {
  const best = (a, b) => (a ? { get: Math.max(a.get, b.get), put: Math.max(a.put, b.put) } : b);
  let bare;
  let memory;
  let sqlite;
  for (let round = 0; round < ROUNDS; round++) {
    bare = best(bare, await bareTarget());
    memory = best(memory, await emulatorTarget({ store: "memory" }));
    sqlite = best(sqlite, await emulatorTarget({ store: "sqlite", dataDir: join(scratch, `rps-${round}`) }));
  }
  console.log(
    `${pad("target", 24)}${pad("GET req/s", 12)}${pad("GET ratio", 11)}${pad("PUT req/s", 12)}PUT ratio`,
  );
  for (const [name, r] of [
    ["bare node:http (ceiling)", bare],
    ["emulator memory", memory],
    ["emulator sqlite", sqlite],
  ]) {
    const g = (r.get / bare.get).toFixed(2);
    const p = (r.put / bare.put).toFixed(2);
    console.log(`${pad(name, 24)}${pad(fmt(r.get), 12)}${pad(g, 11)}${pad(fmt(r.put), 12)}${p}`);
  }
  console.log(`\nmemory GET / bare GET = ${(memory.get / bare.get).toFixed(2)} (target >= 0.60)\n`);
}

async function listTable() {
  const small = await listTarget(SMALL);
  const big = await listTarget(BIG);
  // Alternate the two namespaces round by round and keep each one's best median, so a background burst
  // cannot favour one side.
  const best = { small: {}, big: {} };
  for (let round = 0; round < 5; round++) {
    for (const limit of [1000, 100]) {
      for (const [name, target] of [
        ["small", small],
        ["big", big],
      ]) {
        const median = await pageLatency(target, limit, 200);
        best[name][limit] = Math.min(best[name][limit] ?? Number.POSITIVE_INFINITY, median);
      }
    }
  }
  await small.emu.close();
  await big.emu.close();
  console.log(
    `${pad("SQLite list page (median)", 28)}${pad(`${fmt(SMALL)} keys`, 16)}${pad(`${fmt(BIG)} keys`, 18)}ratio`,
  );
  for (const limit of [1000, 100]) {
    const ratio = (best.big[limit] / best.small[limit]).toFixed(2);
    console.log(
      `${pad(`limit=${limit}`, 28)}${pad(`${best.small[limit].toFixed(2)} ms`, 16)}${pad(`${best.big[limit].toFixed(2)} ms`, 18)}${ratio}`,
    );
  }
  console.log(`\n(bulk load of ${fmt(BIG)} keys took ${big.loadSeconds.toFixed(1)} s; target: ratio <= 1.5)`);
}
