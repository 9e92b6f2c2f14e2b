/** The SQLite-backed CLI killed with SIGKILL mid-load keeps every acknowledged write; the CLI's own contract. */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { CLI, cliBuilt, type RunningCli, startCli } from "./cli.js";
import { Api, mapLimit } from "./helpers.js";

const run = promisify(execFile);

/** A deterministic value per key, binary and of varying size (0 bytes included). */
function valueFor(writer: number, n: number): Uint8Array {
  const size = (n * 137 + writer * 31) % 4096;
  const out = new Uint8Array(size);
  let x = (writer * 2654435761 + n * 40503 + 1) >>> 0;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const running: RunningCli[] = [];
const dirs: string[] = [];

async function start(args: string[]): Promise<RunningCli> {
  const cli = await startCli(args);
  running.push(cli);
  return cli;
}

afterEach(async () => {
  for (const cli of running.splice(0)) {
    if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill("SIGKILL");
    await cli.exited;
  }
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe("durability (SQLite, SIGKILL)", () => {
  it("built dist/cli.js exists", () => {
    expect(cliBuilt(), `${CLI} missing: build the package first`).toBe(true);
  });

  it.skipIf(!cliBuilt())(
    "finds every acknowledged write after SIGKILL and restart",
    async () => {
      const dir = await mkdtemp(join(tmpdir(), "telnyx-kv-durable-"));
      dirs.push(dir);
      const first = await start(["--port", "0", "--data", dir]);
      const api = new Api(first, "durable-token");
      const id = await api.readyNamespace("durable");

      const acked: Array<{ key: string; value: Uint8Array }> = [];
      let killed = false;
      const writer = async (w: number) => {
        for (let n = 0; ; n++) {
          const key = `w${w}/${String(n).padStart(6, "0")}`;
          const value = valueFor(w, n);
          try {
            const res = await api.put(id, key, value);
            if (res.status !== 201) throw new Error(`unexpected ${res.status} ${res.text}`);
            acked.push({ key, value });
          } catch (error) {
            if (killed) return;
            throw error;
          }
          if (acked.length >= 600 && !killed) {
            killed = true;
            first.child.kill("SIGKILL");
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)));
      expect((await first.exited).signal).toBe("SIGKILL");
      expect(acked.length).toBeGreaterThanOrEqual(600);

      const second = await start(["--port", "0", "--data", dir]);
      const again = new Api(second, "durable-token");
      const ns = await again.getNamespace(id);
      expect(ns.status).toBe(200);
      expect(ns.namespace().data).toMatchObject({
        id,
        name: "durable",
        status: "provision_ok",
      });
      const missing: string[] = [];
      await mapLimit(acked, 16, async ({ key, value }) => {
        const res = await again.get(id, key);
        if (res.status !== 200 || !Buffer.from(res.bytes).equals(Buffer.from(value)))
          missing.push(`${key}: ${res.status}`);
      });
      expect(missing).toEqual([]);
      const listed = await again.listAll(id);
      expect(listed.keys.length).toBeGreaterThanOrEqual(acked.length);
      expect((await again.put(id, "after/restart", "ok")).status).toBe(201);
    },
    120_000,
  );
});

describe.skipIf(!cliBuilt())("CLI", () => {
  it("--help exits 0 and lists the flags", async () => {
    const { stdout, stderr } = await run(process.execPath, [CLI, "--help"], { encoding: "utf8" });
    const text = stdout + stderr;
    for (const flag of [
      "--port",
      "--host",
      "--data",
      "--memory",
      "--token",
      "--provision-delay",
      "--delete-delay",
      "--ttl-support",
      "--rate-limit",
      "--latency",
      "--jitter",
      "--failure-rate",
      "--failure-kinds",
      "--cors-origin",
      "--help",
    ]) {
      expect(text, flag).toContain(flag);
    }
  });

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`logs a line per request and exits 0 on ${signal}`, async () => {
      const token = "cli-secret-token-5f2a";
      const cli = await start(["--memory", "--port", "0", "--token", token]);
      expect(cli.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v2$/);
      const api = new Api(cli, token);
      expect((await api.req("GET", "/storage/kvs")).status).toBe(200);
      expect((await api.createNamespace("cli-ns")).status).toBe(201);
      expect((await api.req("GET", "/nope-route")).status).toBe(404);
      expect((await api.req("GET", "/storage/kvs", { token: "wrong" })).status).toBe(401);
      cli.child.kill(signal);
      const { code } = await cli.exited;
      expect(code).toBe(0);
      const lines = cli.output().split("\n");
      const lineFor = (method: string, path: string, status: number) =>
        lines.find((l) => l.includes(method) && l.includes(path) && new RegExp(`\\b${status}\\b`).test(l));
      const list = lineFor("GET", "/v2/storage/kvs", 200);
      expect(list, cli.output()).toBeDefined();
      expect(list).toMatch(/\d+(\.\d+)?\s?ms/);
      expect(lineFor("POST", "/v2/storage/kvs", 201), cli.output()).toBeDefined();
      expect(lineFor("GET", "/v2/nope-route", 404), cli.output()).toBeDefined();
      expect(lineFor("GET", "/v2/storage/kvs", 401), cli.output()).toBeDefined();
      expect(cli.output()).not.toContain(token);
    });
  }

  it("refuses tokens other than --token", async () => {
    const cli = await start(["--memory", "--port", "0", "--token", "only-this"]);
    expect((await new Api(cli, "only-this").req("GET", "/storage/kvs")).status).toBe(200);
    expect((await new Api(cli, "another").req("GET", "/storage/kvs")).status).toBe(401);
  });
});
