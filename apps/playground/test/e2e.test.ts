import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_TOKEN } from "../server/backend.js";
import { appDir } from "../server/paths.js";
import { type Playground, startPlayground } from "../server/playground.js";
import { launchChromium } from "./browser.js";
import { tempDir } from "./helpers.js";

const SCREENSHOTS = join(appDir(), "test-output");

describe("web UI end to end (Chromium → proxy → emulator)", () => {
  let playground: Playground;
  let browser: Browser;
  let page: Page;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  const requests: { url: string; authorization: string | undefined }[] = [];

  beforeAll(async () => {
    dir = await tempDir();
    // env {}: whatever the machine has, this test never reaches the real API.
    playground = await startPlayground({
      port: 0,
      dataDir: dir.path,
      env: {},
      provisionDelayMs: 1200,
      log: () => {},
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on("request", (request) =>
      requests.push({ url: request.url(), authorization: request.headers().authorization }),
    );
  });

  afterAll(async () => {
    await browser?.close();
    await playground?.close();
    await dir?.remove();
  });

  const byTestId = (id: string) => page.getByTestId(id);
  const nsItem = (name: string) => page.locator(`[data-testid="ns-item"][data-ns-name="${name}"]`);
  const keyRow = (key: string) => page.locator(`[data-testid="key-row"][data-key="${key}"]`);
  const keyRows = () => page.getByTestId("key-row");

  async function saveNewKey(key: string, contentType: string, value: string): Promise<void> {
    await byTestId("new-key").click();
    await byTestId("edit-key").fill(key);
    await byTestId("edit-content-type").fill(contentType);
    await byTestId("edit-value").fill(value);
    await byTestId("edit-save").click();
    await expect.poll(() => byTestId("value-key").textContent()).toBe(key);
  }

  it("creates a namespace and watches it turn ready", async () => {
    await page.goto(`${playground.url}?pageSize=2`);
    await expect.poll(() => byTestId("mode-badge").textContent()).toBe("Local emulator");
    await byTestId("ns-name-input").fill("e2e-demo");
    await byTestId("ns-create-button").click();
    await nsItem("e2e-demo").locator('[data-testid="ns-status"]:text("pending")').waitFor();
    await nsItem("e2e-demo")
      .locator('[data-testid="ns-status"]:text("provision_ok")')
      .waitFor({ timeout: 15_000 });
    await nsItem("e2e-demo").click();
    await expect.poll(() => byTestId("keys-title").textContent()).toBe("Keys in e2e-demo");
  });

  it("puts a JSON value and shows it pretty-printed with its content type", async () => {
    await saveNewKey("docs/config.json", "application/json", '{"theme":"dark","retries":3}');
    expect(await byTestId("value-content-type").textContent()).toBe("application/json");
    expect(await byTestId("value-view").textContent()).toBe('{\n  "theme": "dark",\n  "retries": 3\n}');
    await saveNewKey("docs/notes.txt", "text/plain; charset=utf-8", "plain words");
    await saveNewKey("readme.txt", "text/plain", "outside the prefix");
  });

  it("uploads a binary file and shows it as hex", async () => {
    await byTestId("prefix-input").fill("docs/");
    const bytes = Buffer.from(Array.from({ length: 300 }, (_, i) => i % 256));
    await byTestId("upload-input").setInputFiles({
      name: "blob.bin",
      mimeType: "application/octet-stream",
      buffer: bytes,
    });
    await expect.poll(() => byTestId("value-key").textContent()).toBe("docs/blob.bin");
    expect(await byTestId("value-content-type").textContent()).toBe("application/octet-stream");
    expect(await byTestId("value-size").textContent()).toContain("300 bytes");
    expect(await byTestId("value-view").textContent()).toContain("00000000  00 01 02 03");
    expect(await byTestId("view-text").isDisabled()).toBe(true);
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, "playground-hex.png"), fullPage: true });
  });

  it("browses a prefix across two pages with load more", async () => {
    await byTestId("prefix-input").fill("docs/");
    await byTestId("browse-button").click();
    await expect.poll(() => keyRows().count()).toBe(2);
    expect(await byTestId("load-more").isVisible()).toBe(true);
    await byTestId("load-more").click();
    await expect.poll(() => keyRows().count()).toBe(3);
    expect(await keyRows().evaluateAll((rows) => rows.map((row) => row.getAttribute("data-key")))).toEqual([
      "docs/blob.bin",
      "docs/config.json",
      "docs/notes.txt",
    ]);
    expect(await byTestId("load-more").isVisible()).toBe(false);
    expect(await keyRow("docs/notes.txt").textContent()).toContain("11 B");
  });

  it("views a value as text, JSON and hex", async () => {
    await keyRow("docs/config.json").click();
    await expect.poll(() => byTestId("value-key").textContent()).toBe("docs/config.json");
    await byTestId("view-text").click();
    expect(await byTestId("value-view").textContent()).toBe('{"theme":"dark","retries":3}');
    await byTestId("view-hex").click();
    expect(await byTestId("value-view").textContent()).toContain('|{"theme":"dark",|');
    await byTestId("view-json").click();
    expect(await byTestId("value-view").textContent()).toContain('"retries": 3');
  });

  it("edits a value with a TTL and saves it", async () => {
    await byTestId("value-edit").click();
    await byTestId("edit-value").fill('{"theme":"light","retries":5}');
    await byTestId("edit-ttl").fill("3600");
    await byTestId("edit-save").click();
    await expect.poll(() => byTestId("value-view").textContent()).toContain('"theme": "light"');
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, "playground.png"), fullPage: true });
  });

  it("shows the API's error envelope: code, title and detail", async () => {
    await byTestId("ns-name-input").fill("e2e-demo");
    await byTestId("ns-create-button").click();
    await byTestId("error-banner").waitFor();
    expect(await byTestId("error-code").textContent()).toBe("code 10012");
    expect(await byTestId("error-title").textContent()).toBeTruthy();
    expect(await byTestId("error-detail").textContent()).toContain("e2e-demo");
    await page.screenshot({ path: join(SCREENSHOTS, "playground-error.png"), fullPage: true });
    await byTestId("error-dismiss").click();
    expect(await byTestId("error-banner").isVisible()).toBe(false);
  });

  it("deletes a key after confirming", async () => {
    await keyRow("docs/notes.txt").click();
    await expect.poll(() => byTestId("value-key").textContent()).toBe("docs/notes.txt");
    await byTestId("value-delete").click();
    await byTestId("confirm-ok").click();
    await expect.poll(() => keyRows().count()).toBe(2);
    expect(await keyRow("docs/notes.txt").count()).toBe(0);
  });

  it("deletes the namespace after confirming, and it goes away", async () => {
    await nsItem("e2e-demo").getByTestId("ns-delete").click();
    await byTestId("confirm-cancel").click();
    expect(await nsItem("e2e-demo").getAttribute("data-status")).toBe("provision_ok");
    await nsItem("e2e-demo").getByTestId("ns-delete").click();
    await byTestId("confirm-ok").click();
    await nsItem("e2e-demo").waitFor({ state: "detached", timeout: 15_000 });
  });

  it("kept the API key out of the page: every request went to the proxy without credentials", async () => {
    expect(requests.length).toBeGreaterThan(10);
    for (const request of requests) {
      expect(request.url.startsWith(playground.url)).toBe(true);
      expect(request.authorization).toBeUndefined();
    }
    expect(await page.content()).not.toContain(LOCAL_TOKEN);
  });
});
