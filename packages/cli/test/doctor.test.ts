import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KV_FACT_CHECKS, KV_FACTS_DEFAULT_BUDGET } from "../src/doctor/index.js";
import { startAnswering, startDouble, type TestServer } from "./doctor/facts-servers.js";
import { finished, run, start, startService, type TestService, tempDir } from "./helpers.js";

interface DoctorJson {
  tool: string;
  ok: boolean;
  setupProblem?: string;
  namespace: { name: string; created: boolean; deleted: boolean };
  rows: Array<{ id: string; status: string; kind: string }>;
}

const differing = (doc: DoctorJson) => doc.rows.filter((r) => r.status === "differs").map((r) => r.id);

let service: TestService;
const servers: TestServer[] = [];
beforeAll(async () => {
  service = await startService();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await service?.close();
});

async function namespaces(): Promise<string[]> {
  const names: string[] = [];
  for await (const ns of service.client.namespaces.list()) names.push(ns.name);
  return names;
}

describe("doctor", () => {
  it("--local runs green and leaves the local store as it was", async () => {
    const { dir, remove } = tempDir();
    try {
      const result = await run(["doctor", "--local", dir]);
      expect(result.stderr).not.toMatch(/^telnyx-kv: /m);
      expect(result.status).toBe(0);
      const table = result.stdout.toString();
      expect(table).toMatch(/^ {2}FACT +KIND +RESULT$/m);
      expect(table).toMatch(/^ {2}Key DELETE status: 204 +\[choice\] +ok$/m);
      // The whole table fits a classic 80-column terminal.
      expect(table.split("\n").filter((line) => line.length > 80)).toEqual([]);
      expect(table).not.toContain("DIFFERS");
      // Nothing secret is in a local run, so a redaction marker would mean mangled text.
      expect(table).not.toContain("[redacted]");
      expect(table).toMatch(
        new RegExp(
          `^\\d+ ok, 0 differ, \\d+ not checked; \\d+ of at most ${KV_FACTS_DEFAULT_BUDGET} requests in [0-9.]+ s\\.$`,
          "m",
        ),
      );
      expect(table).toContain("Every [doc] row holds.");
      expect(result.stderr).toContain("doctor: creating the temporary namespace telnyx-kv-doctor-");
      const listed = await run(["namespace", "list", "--local", dir, "--json"]);
      expect(listed.status).toBe(0);
      expect(listed.stdout.toString()).toBe("");
    } finally {
      remove();
    }
  });

  it("--json against a started emulator: one JSON document, every row ok or not checked, no key anywhere", async () => {
    const result = await service.run(["doctor", "--json"]);
    expect(result.status).toBe(0);
    const doc = JSON.parse(result.stdout.toString()) as DoctorJson;
    expect(doc.tool).toBe("telnyx-kv doctor");
    expect(doc.ok).toBe(true);
    expect(doc.rows.map((r) => r.id)).toEqual(KV_FACT_CHECKS.map((c) => c.id));
    expect(differing(doc)).toEqual([]);
    expect(doc.namespace).toMatchObject({ created: true, deleted: true });
    expect(result.stdout.toString() + result.stderr).not.toContain(service.apiKey);
    expect(await namespaces()).toEqual([]);
  });

  it("a test double answering key DELETE with 200: exactly that row differs, exit 0", async () => {
    const double = await startDouble(service.emulator.origin, (req, answer) =>
      req.method === "DELETE" && req.path.includes("/keys/") && answer.status === 204
        ? { ...answer, status: 200 }
        : undefined,
    );
    servers.push(double);
    const env = { TELNYX_BASE_URL: double.url };
    const json = await service.run(["doctor", "--json"], { env });
    expect(json.status).toBe(0);
    expect(differing(JSON.parse(json.stdout.toString()) as DoctorJson)).toEqual(["keys.delete-status"]);
    const table = await service.run(["doctor"], { env });
    expect(table.status).toBe(0);
    const text = table.stdout.toString();
    expect(text).toMatch(
      /^ {2}Key DELETE status: 204 +\[choice\] +differs\n +expected: 204 \(empty\)\n +observed: 200 \(empty\)\n +reported, not a failure$/m,
    );
    expect(text).toContain("1 [choice] row differ: the API answers otherwise than this project guessed.");
    expect(text.match(/differs|DIFFERS/g)).toHaveLength(1);
    expect(await namespaces()).toEqual([]);
  });

  it("a [doc] row that differs exits 1, and the namespace is still deleted", async () => {
    const double = await startDouble(service.emulator.origin, (req, answer) =>
      req.method === "PUT" && answer.status === 201 && req.path.endsWith("doctor%2Fvalue")
        ? { ...answer, status: 200 }
        : undefined,
    );
    servers.push(double);
    const result = await service.run(["doctor"], { env: { TELNYX_BASE_URL: double.url } });
    expect(result.status).toBe(1);
    expect(result.stdout.toString()).toMatch(
      /^ {2}PUT …\/keys\/\{key\}: 201 when created, empty body +\[doc\] +DIFFERS\n +expected: 201 \(empty\)\n +observed: 200 \(empty\)$/m,
    );
    expect(result.stdout.toString()).toContain("A [doc] row differs");
    expect(await namespaces()).toEqual([]);
  });

  it("without a key says so in one line, exit 2, no request", async () => {
    const before = service.emulator.requests.length;
    const result = await run(["doctor"], { env: { TELNYX_BASE_URL: service.emulator.url } });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^telnyx-kv: No Telnyx API key: pass --api-key KEY or set TELNYX_API_KEY/);
    expect(service.emulator.requests.length).toBe(before);
  });
});

describe("doctor on a bad setup: one clear line each, exit 1, the key nowhere", () => {
  const KEY = "KEY0123-doctor-secret-ABCDEFGHIJ";

  async function expectOneLine(args: string[], pattern: RegExp): Promise<void> {
    const result = await run(["doctor", ...args, "--api-key", KEY]);
    expect(result.status).toBe(1);
    const lines = result.stderr.split("\n").filter((line) => line.startsWith("telnyx-kv: "));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
    expect(result.stdout.toString()).toBe("");
    expect(result.stderr).not.toContain(KEY);
    const json = await run(["doctor", ...args, "--api-key", KEY, "--json"]);
    expect(json.status).toBe(1);
    const doc = JSON.parse(json.stdout.toString()) as DoctorJson;
    expect(`telnyx-kv: ${doc.setupProblem}`).toMatch(pattern);
    expect(doc.namespace.created).toBe(false);
    expect(json.stdout.toString() + json.stderr).not.toContain(KEY);
  }

  const serve = async (handler: Parameters<typeof startAnswering>[0]) => {
    const server = await startAnswering(handler);
    servers.push(server);
    return server.url;
  };

  it("HTTP to the API host, decided from the URL without connecting", async () => {
    await expectOneLine(
      ["--base-url", "http://api.telnyx.com"],
      /^telnyx-kv: The base URL http:\/\/api\.telnyx\.com uses HTTP: /,
    );
  });

  it("a wrong host", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(404, { "content-type": "text/html" });
      res.end("<!doctype html><h1>Not Found</h1>");
    });
    await expectOneLine(["--base-url", url], /this host is not the Telnyx KV API; check --base-url/);
  });

  it("a 401", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ errors: [{ code: "10009", title: "Authentication failed" }] }));
    });
    await expectOneLine(["--base-url", url], /^telnyx-kv: The API key was refused .*401 code "10009"/);
  });

  it("a 403 that echoes the key back", async () => {
    const url = await serve((req, res) => {
      res.writeHead(403, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          errors: [{ code: String(req.headers.authorization).slice(7), detail: req.headers.authorization }],
        }),
      );
    });
    await expectOneLine(["--base-url", url], /^telnyx-kv: The API key is valid but may not use KV/);
  });

  it("an HTML answer from a captive portal", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html><body>Sign in to the hotel Wi-Fi</body></html>");
    });
    await expectOneLine(
      ["--base-url", url],
      /answered an HTML page .* a captive portal or a proxy is in the way/,
    );
  });

  it("a timeout", async () => {
    const url = await serve(() => {});
    await expectOneLine(
      ["--base-url", url, "--timeout", "300"],
      /^telnyx-kv: No answer from http:\/\/127\.0\.0\.1:\d+ within 300 ms/,
    );
  });
});

describe("doctor interrupted", () => {
  let slow: TestService;
  beforeAll(async () => {
    // Slow provisioning keeps the run waiting, so Ctrl-C lands while the namespace exists.
    slow = await startService({ provisionDelayMs: 4000 });
  });
  afterAll(() => slow?.close());

  it("SIGINT midway deletes the temporary namespace, then exits 1 and says so", async () => {
    const child = start(["doctor"], { env: slow.env });
    const done = finished(child);
    // Waits for the namespace to exist (or for the run to end early, which the checks below then report).
    await Promise.race([
      done,
      new Promise<void>((resolve) => {
        child.stderr!.on("data", (chunk: Buffer) => {
          if (chunk.toString().includes("waiting for provision_ok")) resolve();
        });
      }),
    ]);
    const names: string[] = [];
    for await (const ns of slow.client.namespaces.list()) names.push(ns.name);
    expect(names).toHaveLength(1);
    child.kill("SIGINT");
    const result = await done;
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^telnyx-kv: Interrupted before every check ran; the temporary namespace telnyx-kv-doctor-\w+ is deleted\.$/m,
    );
    expect(result.stdout.toString()).toContain(
      "Interrupted: the rows after the interruption were not checked.",
    );
    expect(result.stdout.toString()).toMatch(
      /Temporary namespace telnyx-kv-doctor-\w+ created and deleted\./,
    );
    const after: string[] = [];
    for await (const ns of slow.client.namespaces.list()) after.push(ns.name);
    expect(after).toEqual([]);
    const deletes = slow.emulator.requests.filter((r) => r.method === "DELETE" && r.key === undefined);
    expect(deletes.map((r) => r.status)).toEqual([200]);
  });

  /** Starts doctor, waits for the namespace to exist, slows the emulator so cleanup takes seconds, Ctrl-C. */
  async function interruptIntoCleanup() {
    slow.emulator.setFaults(undefined);
    const child = start(["doctor"], { env: slow.env });
    const done = finished(child);
    let stderr = "";
    const seen = (text: string) =>
      new Promise<void>((resolve) => {
        const look = () => stderr.includes(text) && resolve();
        child.stderr!.on("data", (chunk: Buffer) => {
          stderr += chunk.toString();
          look();
        });
        look();
      });
    await Promise.race([done, seen("waiting for provision_ok")]);
    slow.emulator.setFaults({ latencyMs: 1500 });
    child.kill("SIGINT");
    await Promise.race([done, seen("deleting the temporary namespace")]);
    return { child, done, seen };
  }

  it("a second Ctrl-C during cleanup says it is still deleting and waits; the namespace is gone", async () => {
    const { child, done, seen } = await interruptIntoCleanup();
    child.kill("SIGINT");
    await Promise.race([done, seen("still deleting")]);
    const result = await done;
    slow.emulator.setFaults(undefined);
    expect(result.signal).toBeNull();
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^telnyx-kv: still deleting the temporary namespace telnyx-kv-doctor-\w+…; press Ctrl-C again to quit without it\.$/m,
    );
    expect(result.stderr.match(/still deleting/g)).toHaveLength(1);
    expect(result.stderr).toMatch(/the temporary namespace telnyx-kv-doctor-\w+ is deleted\.$/m);
    const after: string[] = [];
    for await (const ns of slow.client.namespaces.list()) after.push(ns.name);
    expect(after).toEqual([]);
  });

  it("a third Ctrl-C during cleanup quits at once (status 130)", async () => {
    const { child, done, seen } = await interruptIntoCleanup();
    child.kill("SIGINT");
    await Promise.race([done, seen("still deleting")]);
    child.kill("SIGINT");
    const result = await done;
    slow.emulator.setFaults(undefined);
    expect(result.status).toBe(130);
    expect(result.stderr).not.toMatch(/is deleted\.$/m);
    // What this run left behind is removed here, so the tests after it start from an empty account.
    for await (const ns of slow.client.namespaces.list())
      await slow.client.namespaces.delete(ns.id).catch(() => {});
  });
});
