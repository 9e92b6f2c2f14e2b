import { loadBindings } from "@telnyx-kv/client-node";
import { expectEqual, type Scenario } from "./types.js";

/**
 * Function code written against `@telnyx/edge-runtime`'s `env.MY_CACHE` runs unchanged: the bindings come
 * from func.toml, with the namespace id overridden by KV_<NAME>_ID the way the Telnyx runtime sets it.
 */
export const bindingScenarios: Scenario[] = [
  {
    name: "bindings: func.toml + KV_*_ID",
    async run(ctx) {
      const env = { KV_PLAYGROUND_CACHE_ID: ctx.ns.id };
      const bindings = loadBindings({ config: ctx.funcToml, env, client: ctx.client });
      const cache = bindings.PLAYGROUND_CACHE;
      if (!cache) throw new Error(`func.toml gave bindings ${Object.keys(bindings).join(", ")}`);

      await cache.put("scenarios/bindings/greeting", "hello from a function", { expirationTtl: 300 });
      await cache.put("scenarios/bindings/user.json", JSON.stringify({ name: "Ada", langs: ["ts"] }));
      expectEqual(await cache.get("scenarios/bindings/greeting"), "hello from a function", "get text");
      expectEqual(
        await cache.get("scenarios/bindings/user.json", { type: "json" }),
        { name: "Ada", langs: ["ts"] },
        "get json",
      );
      const listed = await cache.list({ prefix: "scenarios/bindings/", limit: 1 });
      expectEqual(
        [listed.keys.map((k) => k.name), listed.list_complete],
        [["scenarios/bindings/greeting"], false],
        "first page of list",
      );
      const rest = await cache.list({ prefix: "scenarios/bindings/", cursor: listed.cursor });
      expectEqual(
        rest.keys.map((k) => k.name),
        ["scenarios/bindings/user.json"],
        "second page of list",
      );
      await cache.delete("scenarios/bindings/greeting");
      await cache.delete("scenarios/bindings/user.json");
      expectEqual(await cache.get("scenarios/bindings/greeting"), null, "get after delete");
      return "env.PLAYGROUND_CACHE: put (TTL), get text/json, list 2 pages, delete";
    },
  },
];
