import { type Emulator, startEmulator } from "@telnyx-kv/emulator";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runFactChecks } from "../../src/doctor/index.js";
import { API_KEY, everything, namespaceNames, rowsWith } from "./facts-helpers.js";
import { type DoubleRewrite, startDouble, type TestServer } from "./facts-servers.js";

// A key route: /v2/storage/kvs/<id>/keys/<key>.
const KEY_ROUTE = /^\/v2\/storage\/kvs\/[^/]+\/keys\/.+/;
const KEYS_ROUTE = /^\/v2\/storage\/kvs\/[^/]+\/keys$/;

describe("fact checks through a test double that answers one row differently", () => {
  let emulator: Emulator;
  let double: TestServer | undefined;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterEach(async () => {
    await double?.close();
    double = undefined;
  });
  afterAll(() => emulator.close());

  async function runThrough(
    rewrite: DoubleRewrite,
    signal?: AbortSignal,
    onProgress?: (line: string) => void,
  ) {
    double = await startDouble(emulator.origin, rewrite);
    return runFactChecks({
      baseUrl: double.url,
      apiKey: API_KEY,
      ...(signal ? { signal } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
  }

  it("a key DELETE answering 200 instead of 204: only keys.delete-status differs, and the run still holds", async () => {
    const report = await runThrough((req, answer) =>
      req.method === "DELETE" && KEY_ROUTE.test(req.path) && answer.status === 204
        ? { ...answer, status: 200 }
        : undefined,
    );
    expect(rowsWith(report, "differs")).toEqual(["keys.delete-status"]);
    const row = report.rows.find((r) => r.id === "keys.delete-status");
    expect(row).toMatchObject({
      kind: "choice",
      expected: "204 (empty)",
      observed: "200 (empty)",
      required: false,
    });
    expect(report.ok).toBe(true);
    expect(await namespaceNames(emulator.url)).toEqual([]);
  });

  it("a key listing in descending order: only list.order differs", async () => {
    const report = await runThrough((req, answer) => {
      if (req.method !== "GET" || !KEYS_ROUTE.test(req.path) || answer.status !== 200) return undefined;
      const json = JSON.parse(answer.body.toString()) as { data: unknown[] };
      json.data.reverse();
      return { ...answer, body: Buffer.from(JSON.stringify(json)) };
    });
    expect(rowsWith(report, "differs")).toEqual(["list.order"]);
    expect(report.ok).toBe(true);
  });

  it("a [doc] row that fails (the content type is not echoed) fails the run, and the namespace is still deleted", async () => {
    const report = await runThrough((req, answer) =>
      req.method === "GET" && KEY_ROUTE.test(req.path) && answer.headers["content-type"]?.includes("doctor")
        ? { ...answer, headers: { ...answer.headers, "content-type": "text/plain" } }
        : undefined,
    );
    expect(rowsWith(report, "differs")).toEqual(["keys.content-type"]);
    expect(report.ok).toBe(false);
    expect(report.namespace).toMatchObject({ created: true, deleted: true });
    expect(await namespaceNames(emulator.url)).toEqual([]);
  });

  it("a check whose connection is cut reports the error in its row, and the namespace is still deleted", async () => {
    const report = await runThrough((req) =>
      req.method === "PUT" && req.path.endsWith("/keys/doctor%2Fvalue") ? "reset" : undefined,
    );
    const cut = report.rows.find((r) => r.id === "keys.put-created");
    expect(cut?.status).toBe("differs");
    expect(cut?.observed).toMatch(/PUT .*keys\/doctor%2Fvalue failed/);
    expect(report.ok).toBe(false);
    expect(report.namespace.deleted).toBe(true);
    expect(await namespaceNames(emulator.url)).toEqual([]);
    expect(everything(report)).not.toContain(API_KEY);
  });

  it("an abort midway (Ctrl-C) stops the checks, deletes the namespace and says it was interrupted", async () => {
    const controller = new AbortController();
    const report = await runThrough(
      () => undefined,
      controller.signal,
      (line) => {
        if (line === "checking keys.get-bytes") controller.abort();
      },
    );
    expect(report.interrupted).toBe(true);
    expect(report.ok).toBe(false);
    expect(report.rows.find((r) => r.id === "keys.put-created")?.status).toBe("ok");
    expect(report.rows.find((r) => r.id === "list.order")).toMatchObject({
      status: "not-checked",
      why: "interrupted (Ctrl-C)",
    });
    expect(report.rows.find((r) => r.id === "ns.delete")?.status).toBe("ok");
    expect(report.namespace).toMatchObject({ created: true, deleted: true });
    expect(await namespaceNames(emulator.url)).toEqual([]);
  });

  it("a create whose answer is lost (the namespace exists) is found by its name and deleted", async () => {
    let cut = 0;
    const report = await runThrough((req) => {
      if (req.method !== "POST" || req.path !== "/v2/storage/kvs" || cut > 0) return undefined;
      cut++;
      return "reset";
    });
    expect(cut).toBe(1);
    expect(report.rows.find((r) => r.id === "keys.put-created")?.why).toMatch(
      /^creating the temporary namespace failed: POST .* failed/,
    );
    expect(report.namespace).toMatchObject({ created: true, deleted: true });
    expect(report.namespace.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await namespaceNames(emulator.url)).toEqual([]);
  });

  it("a check that meets a 429 is not retried: its row says when to run again, and the run still holds", async () => {
    const options: string[] = [];
    const report = await runThrough((req) => {
      if (req.method !== "OPTIONS") return undefined;
      options.push(req.path);
      return {
        status: 429,
        headers: { "content-type": "application/json", "retry-after": "1" },
        body: Buffer.from(JSON.stringify({ errors: [{ code: "10011", title: "Too many requests" }] })),
      };
    });
    expect(options).toHaveLength(1);
    expect(report.rows.find((r) => r.id === "wire.cors")).toMatchObject({
      status: "not-checked",
      why: "rate limited (HTTP 429); run the doctor again in 1 s",
    });
    expect(rowsWith(report, "differs")).toEqual([]);
    expect(report.ok).toBe(true);
    expect(await namespaceNames(emulator.url)).toEqual([]);
  });

  it("the namespace's DELETE meeting a 429 is sent again by core's retry policy, and the namespace is gone", async () => {
    const deletes: number[] = [];
    const report = await runThrough((req, answer) => {
      if (req.method !== "DELETE" || !/^\/v2\/storage\/kvs\/[^/]+$/.test(req.path)) return undefined;
      deletes.push(answer.status);
      if (deletes.length > 1) return undefined;
      // The double forwards first, so the emulator did delete it: the retry finds the namespace gone.
      return { ...answer, status: 429, headers: { ...answer.headers, "retry-after": "1" } };
    });
    expect(deletes.slice(0, 2)).toEqual([200, 404]);
    expect(report.namespace).toMatchObject({ created: true, deleted: true });
    expect(await namespaceNames(emulator.url)).toEqual([]);
  });

  it("a namespace a check creates by accident (a bad name accepted) is deleted too", async () => {
    let made = "";
    const report = await runThrough(async (req) => {
      if (req.method !== "POST" || !req.body.toString().includes("Not A Valid Name!")) return undefined;
      // Answer as a permissive API would: the namespace exists now, under some name.
      const created = await fetch(`${emulator.url}/storage/kvs`, {
        method: "POST",
        headers: { authorization: req.headers.authorization ?? "", "content-type": "application/json" },
        body: JSON.stringify({ name: "accepted-by-accident" }),
      });
      made = "accepted-by-accident";
      return {
        status: created.status,
        headers: { "content-type": "application/json" },
        body: Buffer.from(await created.arrayBuffer()),
      };
    });
    expect(made).toBe("accepted-by-accident");
    expect(rowsWith(report, "differs")).toEqual(["ns.bad-name"]);
    expect(report.rows.find((r) => r.id === "ns.bad-name")?.observed).toBe("201");
    expect(await namespaceNames(emulator.url)).toEqual([]);
  });
});
