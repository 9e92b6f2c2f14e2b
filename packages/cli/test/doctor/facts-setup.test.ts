import { type Emulator, startEmulator } from "@telnyx-kv/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrlProblem, type KvFactsReport, runFactChecks } from "../../src/doctor/index.js";
import { API_KEY, everything } from "./facts-helpers.js";
import { startAnswering, type TestServer } from "./facts-servers.js";

function expectOneLine(report: KvFactsReport, pattern: RegExp): void {
  expect(report.setupProblem).toMatch(pattern);
  expect(report.setupProblem).not.toContain("\n");
  expect(report.ok).toBe(false);
  // Nothing was created, and every fact row says why it did not run.
  expect(report.namespace.created).toBe(false);
  const facts = report.rows.filter((row) => row.kind !== "setup");
  expect(facts.every((row) => row.status === "not-checked" && row.why === "the setup failed")).toBe(true);
  expect(everything(report)).not.toContain(API_KEY);
}

describe("bad setups, each one clear line", () => {
  const servers: TestServer[] = [];
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ tokens: ["the-right-key-0123456789"] });
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await emulator.close();
  });
  const serve = async (...args: Parameters<typeof startAnswering>) => {
    const server = await startAnswering(...args);
    servers.push(server);
    return server;
  };

  it("HTTP to the API host is refused from the URL alone, without a request", async () => {
    let calls = 0;
    const report = await runFactChecks({
      baseUrl: "http://api.telnyx.com",
      apiKey: API_KEY,
      fetch: async () => {
        calls++;
        throw new Error("no request may be sent");
      },
    });
    expect(calls).toBe(0);
    expect(report.requests.sent).toBe(0);
    expectOneLine(
      report,
      /^The base URL http:\/\/api\.telnyx\.com uses HTTP: .*Use --base-url https:\/\/api\.telnyx\.com\/v2\.$/,
    );
    expect(report.rows.find((r) => r.id === "setup.base-url")?.status).toBe("differs");
    expect(baseUrlProblem("https://api.telnyx.com/v2")).toBeUndefined();
    expect(baseUrlProblem("http://127.0.0.1:8787/v2")).toBeUndefined();
    expect(baseUrlProblem("api.telnyx.com/v2")).toMatch(/not an absolute URL/);
  });

  it("a wrong host (a web server without the KV API) says so", async () => {
    const web = await serve((_req, res) => {
      res.writeHead(404, { "content-type": "text/html" });
      res.end("<!doctype html><title>Not Found</title><h1>Not Found</h1>");
    });
    const report = await runFactChecks({ baseUrl: web.url, apiKey: API_KEY });
    expectOneLine(
      report,
      /answered 404 with an HTML page: this host is not the Telnyx KV API; check --base-url/,
    );
  });

  it("a wrong path (a JSON API that is not KV) says so", async () => {
    const other = await serve((_req, res) => {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ errors: [{ code: "10005", title: "Not found" }] }));
    });
    const report = await runFactChecks({ baseUrl: `${other.origin}/api`, apiKey: API_KEY });
    expect(report.baseUrl).toBe(`${other.origin}/api/v2`);
    expectOneLine(report, /answered 404: there is no KV API at this base URL/);
  });

  it("nothing listening says so", async () => {
    const closed = await serve((_req, res) => res.end());
    await closed.close();
    const report = await runFactChecks({ baseUrl: closed.url, apiKey: API_KEY });
    expectOneLine(report, /^Nothing listens at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });

  it("a host that does not resolve says so (fetch fails the way undici does)", async () => {
    const report = await runFactChecks({
      baseUrl: "https://api.telnyx.invalid/v2",
      apiKey: API_KEY,
      fetch: async () => {
        const cause = Object.assign(new Error("getaddrinfo ENOTFOUND api.telnyx.invalid"), {
          code: "ENOTFOUND",
        });
        throw new TypeError("fetch failed", { cause });
      },
    });
    expectOneLine(
      report,
      /^Cannot resolve the host api\.telnyx\.invalid \(ENOTFOUND\): check the host in --base-url/,
    );
  });

  it("a refused key (401) says to check the key", async () => {
    const report = await runFactChecks({ baseUrl: emulator.url, apiKey: API_KEY });
    expectOneLine(
      report,
      /^The API key was refused \(GET .* answered 401 code "10009"\): check --api-key \/ TELNYX_API_KEY/,
    );
    expect(report.rows.find((r) => r.id === "setup.auth")?.status).toBe("differs");
  });

  it("a key without KV rights (403) says so, even when the answer echoes the key", async () => {
    const forbidding = await serve((req, res) => {
      res.writeHead(403, { "content-type": "application/json" });
      // A hostile or careless server: the key comes back in the code and the detail.
      const token = String(req.headers.authorization).slice(7);
      res.end(
        JSON.stringify({
          errors: [{ code: token, title: "Authorization failed", detail: req.headers.authorization }],
        }),
      );
    });
    const report = await runFactChecks({ baseUrl: forbidding.url, apiKey: API_KEY });
    expectOneLine(
      report,
      /^The API key is valid but may not use KV \(GET .* answered 403 code "\[redacted\]"\)/,
    );
  });

  it("an HTML page from a captive portal says so", async () => {
    const portal = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end("<html><body>Please accept the terms to use the Wi-Fi</body></html>");
    });
    const report = await runFactChecks({ baseUrl: portal.url, apiKey: API_KEY });
    expectOneLine(
      report,
      /answered an HTML page \(200 text\/html; charset=utf-8\) instead of the KV API's JSON: a captive portal or a proxy/,
    );
  });

  it("a server that never answers times out with one line", async () => {
    const silent = await serve(() => {});
    const report = await runFactChecks({ baseUrl: silent.url, apiKey: API_KEY, timeoutMs: 200 });
    expectOneLine(
      report,
      /^No answer from http:\/\/127\.0\.0\.1:\d+ within 200 ms: check the host, the network, a VPN or proxy, or raise --timeout\.$/,
    );
  });

  it("a JSON answer that is not a listing (a proxy rewriting bodies) says so", async () => {
    const rewriting = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: true }));
    });
    const report = await runFactChecks({ baseUrl: rewriting.url, apiKey: API_KEY });
    expectOneLine(
      report,
      /not a KV namespace listing: this host is not the Telnyx KV API, or a proxy rewrites answers/,
    );
  });
});
