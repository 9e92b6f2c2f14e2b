import { createKeyvStore } from "@telnyx-kv/cache-adapter/keyv";
import { createUnstorageDriver } from "@telnyx-kv/cache-adapter/unstorage";
import { createCache } from "cache-manager";
import { Keyv } from "keyv";
import { createStorage } from "unstorage";
import { expectEqual, type Scenario } from "./types.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The cache adapters, used the way apps already use Keyv, cache-manager and unstorage. */
export const cacheScenarios: Scenario[] = [
  {
    name: "cache-manager 7 + Keyv store",
    async run(ctx) {
      const store = createKeyvStore(ctx.ns, { prefix: "scenarios/keyv/" });
      const cache = createCache({ stores: [new Keyv({ store, namespace: "app" })] });
      try {
        await cache.set("user:1", { name: "Ada" }, 60_000);
        expectEqual(await cache.get("user:1"), { name: "Ada" }, "get after set");

        let calls = 0;
        const load = async () => {
          calls++;
          return { report: "expensive", at: 1 };
        };
        await cache.wrap("report", load, 60_000);
        const second = await cache.wrap("report", load, 60_000);
        expectEqual([second, calls], [{ report: "expensive", at: 1 }, 1], "wrap computes once");

        // Expiry lives in the value's envelope, so it works on namespaces without server TTL too.
        await cache.set("short", "soon gone", 200);
        await sleep(400);
        expectEqual(await cache.get("short"), undefined, "get after the TTL passed");

        await cache.del("user:1");
        expectEqual(await cache.get("user:1"), undefined, "get after del");
        await cache.clear();
        return "set/get, wrap (loader ran once), TTL expiry, del, clear";
      } finally {
        await ctx.ns.deletePrefix("scenarios/keyv/");
        await cache.disconnect();
      }
    },
  },
  {
    name: "unstorage driver",
    async run(ctx) {
      const driver = createUnstorageDriver(ctx.ns, { prefix: "scenarios/unstorage/" });
      const storage = createStorage({ driver });
      try {
        await storage.setItem("settings:theme", "dark");
        await storage.setItem("settings:locale", { lang: "en", tz: "UTC" });
        await storage.setItemRaw("assets:logo.bin", new Uint8Array([0, 1, 2, 254, 255]));
        expectEqual(await storage.getItem("settings:theme"), "dark", "getItem text");
        expectEqual(await storage.getItem("settings:locale"), { lang: "en", tz: "UTC" }, "getItem object");
        const raw = await storage.getItemRaw<Uint8Array>("assets:logo.bin");
        expectEqual(raw ? [...raw] : null, [0, 1, 2, 254, 255], "getItemRaw bytes");
        expectEqual(await storage.hasItem("settings:theme"), true, "hasItem");
        expectEqual(
          (await storage.getKeys("settings")).sort(),
          ["settings:locale", "settings:theme"],
          "getKeys",
        );
        await storage.removeItem("settings:theme");
        expectEqual(await storage.hasItem("settings:theme"), false, "hasItem after removeItem");
        await storage.clear();
        expectEqual(await storage.getKeys(), [], "getKeys after clear");
        return "setItem/getItem, raw bytes, hasItem, getKeys, removeItem, clear";
      } finally {
        await storage.dispose();
      }
    },
  },
];
