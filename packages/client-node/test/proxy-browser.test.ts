import type { IncomingMessage, ServerResponse } from "node:http";
import { type Emulator, startEmulator } from "@telnyx-kv/emulator";
import { CHROMIUM_ARGS, ensureChromium } from "@telnyx-kv/test-chromium";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createKvProxy } from "../src/proxy/index.js";
import { createNamespace, listen, type TestServer } from "./proxy-fixtures.js";

const SERVER_KEY = "server-side-key-browser-9b2c";
// CHROMIUM_PATH, Debian's Chromium or one playwright-core has, never a download; installed first when root.
const CHROMIUM_PATH = ensureChromium();
// A name that resolves to 127.0.0.1 inside the browser only: a page on it is cross-site, not just cross-origin.
const OTHER_SITE = "other-site.test";

const PAGE = '<!doctype html><meta charset="utf-8"><title>page</title><iframe name="sink"></iframe>';

function servePage(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(PAGE);
}

/** What one attempt from a page came to, as far as the page can tell. */
interface Attempt {
  status?: number;
  text?: string;
  error?: string;
}

/** The three requests a hostile page would try, sent from whatever page `page` shows. */
async function attempt(page: Page, proxyBase: string, namespaceId: string): Promise<Record<string, Attempt>> {
  return page.evaluate(
    async ({ base, ns }) => {
      const settle = (promise: Promise<Response>) =>
        promise.then(
          async (answer) => ({ status: answer.status, text: await answer.text() }),
          (error: unknown) => ({ error: String(error) }),
        );
      // Needs a preflight when cross-origin.
      const put = await settle(
        fetch(`${base}/v2/storage/kvs/${ns}/keys/public%2Ffrom-page`, { method: "PUT", body: "from-page" }),
      );
      // A "simple" request: no preflight, so CORS never stops it leaving the browser.
      const textPost = await settle(
        fetch(`${base}/v2/storage/kvs`, {
          method: "POST",
          mode: "no-cors",
          headers: { "content-type": "text/plain" },
          body: JSON.stringify({ name: "made-by-text-post" }),
        }),
      );
      // The classic JSON-in-a-form trick; the answer lands in the iframe.
      const form = document.createElement("form");
      form.method = "POST";
      form.action = `${base}/v2/storage/kvs`;
      form.enctype = "text/plain";
      form.target = "sink";
      const input = document.createElement("input");
      input.name = '{"name":"made-by-form","x":"';
      input.value = '"}';
      form.append(input);
      document.body.append(form);
      const sink = document.querySelector("iframe") as HTMLIFrameElement;
      const loaded = new Promise<void>((resolve) =>
        sink.addEventListener("load", () => resolve(), { once: true }),
      );
      form.submit();
      await loaded;
      let formText: string | undefined;
      try {
        formText = sink.contentDocument?.body?.textContent ?? undefined;
      } catch {
        formText = undefined;
      }
      return { put, textPost, form: { text: formText } };
    },
    { base: proxyBase, ns: namespaceId },
  );
}

describe("the proxy in real Chromium: pages of other origins are refused", () => {
  let emulator: Emulator;
  let app: TestServer;
  let other: TestServer;
  let browser: Browser;
  let namespaceId: string;
  const logged: string[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ tokens: [SERVER_KEY], recordRequests: true });
    namespaceId = await createNamespace(emulator.url, SERVER_KEY, "browser");
    const proxy = createKvProxy({
      apiKey: SERVER_KEY,
      baseUrl: emulator.url,
      mountPath: "/kv",
      allow: { namespaces: "*", methods: ["GET", "PUT", "DELETE", "POST"], manageNamespaces: true },
      // Every caller passes the app's check: what stops the other pages is the origin check before it.
      authorize: () => true,
      logger: { debug: (message, fields) => logged.push(`${message} ${JSON.stringify(fields)}`) },
    });
    other = await listen(servePage);
    // The same proxy with the other site's page listed: what a partner page that may call it looks like.
    const listedProxy = createKvProxy({
      apiKey: SERVER_KEY,
      baseUrl: emulator.url,
      mountPath: "/kv-listed",
      allow: { namespaces: "*", prefixes: ["public/"] },
      allowedOrigins: [`http://${OTHER_SITE}:${other.port}`],
      authorize: () => true,
      logger: { debug: (message, fields) => logged.push(`${message} ${JSON.stringify(fields)}`) },
    });
    app = await listen((req, res) => {
      if (req.url?.startsWith("/kv/")) proxy.node(req, res);
      else if (req.url?.startsWith("/kv-listed/")) listedProxy.node(req, res);
      else servePage(req, res);
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${OTHER_SITE} 127.0.0.1`],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await other?.close();
    await app?.close();
    await emulator?.close();
  });
  beforeEach(() => {
    logged.length = 0;
  });

  const foreignPages = () => [
    // Another port of the same host: another origin, though a browser calls it "same-site".
    `http://127.0.0.1:${other.port}/`,
    // Another host name altogether: Sec-Fetch-Site says "cross-site".
    `http://${OTHER_SITE}:${other.port}/`,
  ];

  for (const which of [0, 1]) {
    it(`refuses a fetch PUT, a text/plain POST and a form POST from ${which === 0 ? "another port" : "another site"}`, async () => {
      const pageUrl = foreignPages()[which] as string;
      const page = await browser.newPage();
      try {
        await page.goto(pageUrl);
        expect(new URL(page.url()).origin).not.toBe(app.origin);
        const before = emulator.requests.length;
        const results = await attempt(page, `${app.origin}/kv`, namespaceId);
        // The PUT's preflight is refused, so the PUT itself never leaves the browser.
        expect(results.put?.error).toMatch(/Failed to fetch/);
        // Opaque to the page; what matters is below: nothing reached the emulator.
        expect(results.textPost?.status).toBe(0);
        expect(emulator.requests.slice(before)).toEqual([]);
        // The proxy itself answered all three, 403 each (the PUT's preflight stood in for it).
        const refusals = logged.filter((line) => line.includes("-> 403"));
        expect(refusals).toEqual([
          expect.stringMatching(
            /^proxy refused OPTIONS \/kv\/v2\/storage\/kvs\/.*\/keys\/public%2Ffrom-page -> 403/,
          ),
          expect.stringMatching(/^proxy refused POST \/kv\/v2\/storage\/kvs -> 403/),
          expect.stringMatching(/^proxy refused POST \/kv\/v2\/storage\/kvs -> 403/),
        ]);
        // The browser's Sec-Fetch-Site already says another origin sent them: same-site for another port.
        for (const line of refusals)
          expect(line).toMatch(which === 0 ? /Sec-Fetch-Site: same-site/ : /Sec-Fetch-Site: cross-site/);
        for (const line of logged) expect(line).not.toContain(SERVER_KEY);
      } finally {
        await page.close();
      }
      const names = await fetch(`${emulator.url}/storage/kvs?page[size]=250`, {
        headers: { authorization: `Bearer ${SERVER_KEY}` },
      }).then(async (answer) =>
        ((await answer.json()) as { data: Array<{ name: string }> }).data.map((n) => n.name),
      );
      expect(names).not.toContain("made-by-form");
      const value = await fetch(`${emulator.url}/storage/kvs/${namespaceId}/keys/public%2Ffrom-page`, {
        headers: { authorization: `Bearer ${SERVER_KEY}` },
      });
      expect(value.status).toBe(404);
    });
  }

  it("forwards the same three calls from the proxy's own origin", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${app.origin}/`);
      const before = emulator.requests.length;
      const results = await attempt(page, `${app.origin}/kv`, namespaceId);
      expect(results.put).toMatchObject({ status: 201 });
      // The emulator, like the API, wants application/json to create a namespace: its own answer came back.
      expect(results.textPost?.status).toBe(400);
      expect(results.textPost?.text).toMatch(/Content-Type must be application\/json/);
      expect(results.form?.text).toMatch(/Content-Type must be application\/json/);
      expect(emulator.requests.slice(before).map((record) => `${record.method} ${record.status}`)).toEqual([
        "PUT 201",
        "POST 400",
        "POST 400",
      ]);
      expect(logged).toEqual([]);
    } finally {
      await page.close();
    }
    const value = await fetch(`${emulator.url}/storage/kvs/${namespaceId}/keys/public%2Ffrom-page`, {
      headers: { authorization: `Bearer ${SERVER_KEY}` },
    });
    expect([value.status, await value.text()]).toEqual([200, "from-page"]);
  });

  it("serves a page of a listed origin through CORS, and still refuses the unlisted one", async () => {
    const listedPage = `http://${OTHER_SITE}:${other.port}/`;
    const page = await browser.newPage();
    try {
      await page.goto(listedPage);
      const before = emulator.requests.length;
      const key = `${app.origin}/kv-listed/v2/storage/kvs/${namespaceId}/keys/public%2Flisted`;
      const results = await page.evaluate(async (url) => {
        const put = await fetch(url, { method: "PUT", body: "from-partner", credentials: "include" });
        const get = await fetch(url, { credentials: "include" });
        return { put: put.status, get: [get.status, await get.text()] };
      }, key);
      // The page read both answers: without the proxy's CORS headers it would only see a network error.
      expect(results).toEqual({ put: 201, get: [200, "from-partner"] });
      expect(emulator.requests.slice(before).map((record) => `${record.method} ${record.status}`)).toEqual([
        "PUT 201",
        "GET 200",
      ]);
      expect(logged).toEqual([]);
    } finally {
      await page.close();
    }
    const unlisted = await browser.newPage();
    try {
      await unlisted.goto(`http://127.0.0.1:${other.port}/`);
      const before = emulator.requests.length;
      const results = await attempt(unlisted, `${app.origin}/kv-listed`, namespaceId);
      expect(results.put?.error).toMatch(/Failed to fetch/);
      expect(emulator.requests.slice(before)).toEqual([]);
    } finally {
      await unlisted.close();
    }
  });
});
