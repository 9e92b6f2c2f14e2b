/**
 * The end-to-end suite of @telnyx-kv/cache-adapter/next on a real, built Next.js app, run as two
 * `next start` servers sharing one emulator namespace. Renders are counted in a file each render appends
 * to, so "served without rendering" is observed, not assumed. tests/next (Next 16) and tests/next15 run it.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DataServer,
  type NextServer,
  renders,
  type SharedKv,
  sleep,
  startDataServer,
  startNext,
  startSharedKv,
  until,
} from "./harness.js";

/** Which app to run. */
export interface NextSuiteOptions {
  /** Path of the `next` CLI of the Next version under test (`require.resolve("next/dist/bin/next")`). */
  nextBin: string;
  /** The built app's folder. */
  site: string;
  /** Whether the app has the "use cache: remote" route (Next 16). */
  useCache: boolean;
}

/** Registers the suite: ISR across servers, revalidate, tags, ("use cache"), cost, restart, outage. */
export function nextSuite({ nextBin, site, useCache }: NextSuiteOptions): void {
  const MEMORY_TTL_MS = 1000;

  let kv: SharedKv;
  let data: DataServer;
  let a: NextServer;
  let b: NextServer;
  const renderLog = join(mkdtempSync(join(tmpdir(), "next-e2e-")), "renders.log");

  function env(): Record<string, string> {
    return {
      TELNYX_API_KEY: kv.apiKey,
      TELNYX_BASE_URL: kv.emulator.url,
      KV_NEXT_CACHE_ID: kv.namespaceId,
      RENDER_LOG: renderLog,
      DATA_URL: data.url,
    };
  }

  async function text(server: NextServer, path: string, init?: RequestInit): Promise<string> {
    const response = await fetch(`${server.url}${path}`, init);
    expect(response.status).toBe(200);
    return response.text();
  }

  const stamp = (html: string) => /isr rendered at (\d+) by (\d+)/.exec(html)?.[0];
  const greeting = (html: string) => /greeting (\w+) rendered by (\d+)/.exec(html)?.slice(1);
  const writes = (fragment: string) =>
    kv.requests().filter((r) => r.method === "PUT" && r.key?.includes(fragment) && r.status < 300).length;

  beforeAll(async () => {
    kv = await startSharedKv();
    data = await startDataServer("one");
    [a, b] = await Promise.all([startNext(nextBin, site, env()), startNext(nextBin, site, env())]);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await data?.close();
    await kv?.emulator.close().catch(() => {});
  });

  describe("two next start servers, one Telnyx KV namespace", () => {
    it("serves on B the ISR page A rendered, without rendering it again", async () => {
      const first = stamp(await text(a, "/isr"));
      expect(renders(renderLog, "isr")).toBe(1);
      await until(() => writes("isr") >= 1);
      expect(stamp(await text(b, "/isr"))).toBe(first);
      expect(stamp(await text(b, "/isr"))).toBe(first);
      expect(renders(renderLog, "isr")).toBe(1);
    });

    it("after `revalidate` seconds both serve the regenerated page", async () => {
      const before = stamp(await text(b, "/isr"));
      await sleep(4_100);
      // Stale while revalidate: A answers the old page once and regenerates it in the background.
      let fresh: string | undefined;
      await until(async () => {
        fresh = stamp(await text(a, "/isr"));
        return fresh !== before;
      });
      expect(renders(renderLog, "isr")).toBe(2);
      await sleep(MEMORY_TTL_MS + 100);
      expect(stamp(await text(b, "/isr"))).toBe(fresh);
      expect(renders(renderLog, "isr")).toBe(2);
    });

    it("a tag invalidated through A is fresh on B's next request", async () => {
      expect(greeting(await text(a, "/tagged"))?.[0]).toBe("one");
      await until(() => writes("tagged") >= 1);
      expect(greeting(await text(b, "/tagged"))?.[0]).toBe("one");
      expect(renders(renderLog, "tagged")).toBe(1);
      expect(data.hits).toBe(1);

      data.value = "two";
      const revalidated = await fetch(`${a.url}/api/revalidate?tag=greeting`, { method: "POST" });
      expect(revalidated.status).toBe(200);
      await until(() => writes("greeting") >= 1);
      // B may reuse what it read for the memory TTL (1 s, documented); its next request after that is fresh.
      await sleep(MEMORY_TTL_MS + 100);
      const onB = greeting(await text(b, "/tagged"));
      expect(onB?.[0]).toBe("two");
      expect(renders(renderLog, "tagged")).toBe(2);
      expect(data.hits).toBe(2);
      await until(() => writes("tagged") >= 2);
      await sleep(MEMORY_TTL_MS + 100);
      // A takes the page B regenerated from KV.
      expect(greeting(await text(a, "/tagged"))).toEqual(onB);
      expect(renders(renderLog, "tagged")).toBe(2);
    });

    // Registered only where the app has it (nothing is skipped: Next 15 has no "use cache" handlers).
    if (useCache)
      it('computes a "use cache: remote" value once across both servers', async () => {
        const onA = JSON.parse(await text(a, "/api/remote?n=7"));
        expect(onA.value.square).toBe(49);
        await until(() => writes("u/") >= 1);
        const onB = JSON.parse(await text(b, "/api/remote?n=7"));
        expect(onB.value).toEqual(onA.value);
        expect(onB.servedBy).not.toBe(onA.servedBy);
        expect(renders(renderLog, "remote")).toBe(1);
      });

    it("measures KV requests per cached page view, warm and cold memory tier", async () => {
      // Warm: views within the memory TTL of the previous one.
      await text(b, "/tagged");
      const warmStart = kv.requests().length;
      for (let i = 0; i < 10; i++) await text(b, "/tagged");
      const warm = (kv.requests().length - warmStart) / 10;
      // Cold: each view after the memory TTL has passed.
      const coldStart = kv.requests().length;
      for (let i = 0; i < 3; i++) {
        await sleep(MEMORY_TTL_MS + 100);
        await text(b, "/tagged");
      }
      const cold = (kv.requests().length - coldStart) / 3;
      const keys = [
        ...new Set(
          kv
            .requests()
            .slice(coldStart)
            .map((r) => r.key),
        ),
      ];
      console.log(
        `${site}: KV requests per cached view of /tagged: warm ${warm}, cold ${cold}; keys ${keys}`,
      );
      expect(renders(renderLog, "tagged")).toBe(2);
      expect(warm).toBeLessThan(1);
      expect(cold).toBeGreaterThanOrEqual(1);
      // Every GET of the cold views is a read: no writes for a page that is only served.
      expect(
        kv
          .requests()
          .slice(coldStart)
          .every((r) => r.method === "GET"),
      ).toBe(true);
    });

    it("a page over Telnyx KV's 1 MiB value limit is served uncached, with one log line", async () => {
      const before = renders(renderLog, "big");
      for (let i = 0; i < 3; i++) expect((await text(a, "/big")).length).toBeGreaterThan(1_200_000);
      // Refused, so every request renders it (and the previous copy, if any, is deleted).
      expect(renders(renderLog, "big") - before).toBe(3);
      expect(writes("big")).toBe(0);
      const lines = a
        .output()
        .split("\n")
        .filter((line) => line.includes("not caching"));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain("/big");
      expect(lines[0]).toContain("over Telnyx KV's value limit");
    });

    it("after both servers restart, cached pages come from KV", async () => {
      const isrBefore = stamp(await text(a, "/isr"));
      const taggedBefore = greeting(await text(a, "/tagged"));
      const remoteBefore = useCache ? JSON.parse(await text(a, "/api/remote?n=7")).value : undefined;
      const counts = { tagged: renders(renderLog, "tagged"), remote: renders(renderLog, "remote") };
      await Promise.all([a.stop(), b.stop()]);
      [a, b] = await Promise.all([startNext(nextBin, site, env()), startNext(nextBin, site, env())]);
      expect(greeting(await text(a, "/tagged"))).toEqual(taggedBefore);
      expect(greeting(await text(b, "/tagged"))).toEqual(taggedBefore);
      if (useCache) expect(JSON.parse(await text(b, "/api/remote?n=7")).value).toEqual(remoteBefore);
      expect(renders(renderLog, "tagged")).toBe(counts.tagged);
      expect(renders(renderLog, "remote")).toBe(counts.remote);
      // /isr may be past its 4 s by now: then the cached page is still what answers (and regenerates after).
      const isrAfter = stamp(await text(b, "/isr"));
      expect(Number(/at (\d+)/.exec(isrAfter ?? "")?.[1])).toBeGreaterThanOrEqual(
        Number(/at (\d+)/.exec(isrBefore ?? "")?.[1]),
      );
    });

    it("with the emulator stopped, every page still answers 200 and each server logs one line", async () => {
      await kv.emulator.close();
      // Past the memory TTL, so every page has to ask Telnyx KV (and finds it gone).
      await sleep(MEMORY_TTL_MS + 100);
      for (let i = 0; i < 3; i++) {
        for (const server of [a, b]) {
          await text(server, "/isr");
          await text(server, "/tagged");
          if (useCache) expect(JSON.parse(await text(server, "/api/remote?n=8")).value.square).toBe(64);
        }
      }
      for (const server of [a, b]) {
        const lines = server
          .output()
          .split("\n")
          .filter((line) => line.includes("Telnyx KV failed"));
        expect(lines).toHaveLength(1);
        expect(server.output()).not.toContain(kv.apiKey);
      }
    });
  });
}
