// The Requests & cache panel fills in as the page and the server's client work (issue 23): Chromium drives the
// page; the server's cache reads go through client-node, whose `telnyx-kv:request` channel feeds the log.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appDir } from "../server/paths.js";
import { type Playground, startPlayground } from "../server/playground.js";
import { launchChromium } from "./browser.js";
import { tempDir } from "./helpers.js";

const SCREENSHOTS = join(appDir(), "test-output");
const KEY = "cfg/theme.json";
// The panel asks the server once a second: wait for a few of its refreshes (no limit on how fast it must be).
const REFRESHED = { timeout: 15_000 };

describe("the Requests & cache panel (Chromium → proxy → emulator, and the server's cache)", () => {
  let playground: Playground;
  let browser: Browser;
  let page: Page;
  let dir: Awaited<ReturnType<typeof tempDir>>;

  beforeAll(async () => {
    dir = await tempDir();
    // A budget on the emulator, so its answers carry x-ratelimit-* as the real API's do.
    playground = await startPlayground({
      port: 0,
      dataDir: dir.path,
      env: {},
      provisionDelayMs: 300,
      rateLimitPerMinute: 1000,
      log: () => {},
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1300 } });
  });

  afterAll(async () => {
    await browser?.close();
    await playground?.close();
    await dir?.remove();
  });

  const byTestId = (id: string) => page.getByTestId(id);
  const soon = <T>(read: () => Promise<T> | T) => expect.poll(read, REFRESHED);
  const rows = (source: "proxy" | "client") =>
    page.locator(`[data-testid="request-row"][data-source="${source}"]`);
  /** Each row's cells as text: time, from, operation, key, status, ms. */
  const cells = async (locator: Locator) =>
    Promise.all(
      (await locator.all()).map(async (row) =>
        (await row.locator("td").allTextContents()).map((t) => t.trim()),
      ),
    );

  it("logs the page's requests and counts them against the minute's budget", async () => {
    await page.goto(playground.url);
    await byTestId("telemetry-panel").waitFor();
    await byTestId("ns-name-input").fill("telemetry-demo");
    await byTestId("ns-create-button").click();
    const ns = page.locator('[data-testid="ns-item"][data-ns-name="telemetry-demo"]');
    await ns.locator('[data-testid="ns-status"]:text("provision_ok")').waitFor({ timeout: 15_000 });
    await ns.click();
    await byTestId("new-key").click();
    await byTestId("edit-key").fill(KEY);
    await byTestId("edit-content-type").fill("application/json");
    await byTestId("edit-value").fill('{"theme":"dark"}');
    await byTestId("edit-save").click();
    await soon(() => byTestId("value-key").textContent()).toBe(KEY);

    // The page's PUT, forwarded by the proxy, lands in the log with its operation, key and status.
    await soon(async () =>
      (await cells(rows("proxy"))).some((c) => c[2] === "keys.put" && c[3] === KEY && c[4] === "201"),
    ).toBe(true);
    expect((await cells(rows("proxy"))).some((c) => c[2] === "namespaces.create")).toBe(true);
    // The emulator's x-ratelimit-* headers give the minute: several requests of 1,000 spent.
    await soon(() => byTestId("budget-note").textContent()).toMatch(/^from the API's x-ratelimit-\* headers/);
    const used = Number(
      (await byTestId("budget-text").textContent())?.match(/^(\d+) \/ 1,000 requests this minute$/)?.[1],
    );
    expect(used).toBeGreaterThanOrEqual(4);
  });

  it("reads through the server's cache: the first read is a KV request on the channel, the second a memory hit", async () => {
    // Choosing the key in the keys panel puts it in the cache form.
    await page.locator(`[data-testid="key-row"][data-key="${KEY}"]`).click();
    expect(await byTestId("cache-key-input").inputValue()).toBe(KEY);

    await byTestId("cache-read-button").click();
    await soon(() => byTestId("cache-result").textContent()).toBe(`${KEY}: 16 B, from Telnyx KV`);
    // One GET by client-node on the server, seen on telnyx-kv:request: operation, key, status and a duration.
    await soon(async () => (await cells(rows("client"))).length).toBe(1);
    const [get] = await cells(rows("client"));
    expect(get?.slice(1, 5)).toEqual(["server", "keys.get", KEY, "200"]);
    expect(get?.[5]).toMatch(/^\d+(\.\d)? ms$/);
    // A memory miss then a KV hit: the read's answer was a hit.
    await soon(() => byTestId("cache-hit-rate").textContent()).toBe("100%");

    await byTestId("cache-read-button").click();
    await soon(() => byTestId("cache-result").textContent()).toBe(
      `${KEY}: 16 B, from the memory tier (no request)`,
    );
    await byTestId("cache-key-input").fill("cfg/missing.json");
    await byTestId("cache-read-button").click();
    await soon(() => byTestId("cache-result").textContent()).toBe(
      "cfg/missing.json: missing, from Telnyx KV",
    );
    // Two hits of three reads; the memory hit sent nothing, the miss one more GET (a 404).
    await soon(() => byTestId("cache-hit-rate").textContent()).toBe("67%");
    await soon(async () => (await cells(rows("client"))).map((c) => `${c[2]} ${c[3]} ${c[4]}`)).toEqual([
      `keys.get cfg/missing.json 404`,
      `keys.get ${KEY} 200`,
    ]);
    expect(await byTestId("cache-counts").textContent()).toBe(
      "2 hits · 1 miss · 0 stale — memory tier 1 of 3 lookups, Telnyx KV 1 of 2",
    );

    await mkdir(SCREENSHOTS, { recursive: true });
    await byTestId("telemetry-panel").screenshot({ path: join(SCREENSHOTS, "telemetry-panel.png") });
    await page.screenshot({ path: join(SCREENSHOTS, "telemetry-page.png"), fullPage: true });
  });
});
