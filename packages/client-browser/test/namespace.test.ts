// createKvNamespace in real Chromium, same-origin through the proxy: the keys-only entry does what
// createKvClient(...).namespace(id) does, with the same browser rules.
import { KvConfigError } from "@telnyx-kv/core";
import { expect, it } from "vitest";
import { createKvClient, createKvNamespace } from "../src/index.js";

it("reads, writes, lists and deletes keys of one namespace", async () => {
  const admin = createKvClient({ baseUrl: "/kv" });
  const { id } = await admin.namespaces.create(`keys-only-${Date.now()}`);
  await admin.namespaces.waitUntilReady(id, { intervalMs: 20 });
  const ns = createKvNamespace(id, { baseUrl: "/kv" });
  expect(await ns.put("page/a", "one")).toEqual({ created: true });
  expect(await ns.getText("page/a")).toBe("one");
  expect(await admin.namespace(id).getText("page/a")).toBe("one");
  const keys: string[] = [];
  for await (const { key } of ns.list({ prefix: "page/" })) keys.push(key);
  expect(keys).toEqual(["page/a"]);
  await ns.delete("page/a");
  expect(await ns.get("page/a")).toBeNull();
  await admin.namespaces.delete(id);
});

it("refuses a raw API key unless the page says it is safe, like createKvClient", () => {
  const id = "550e8400-e29b-41d4-a716-446655440000";
  let error: unknown;
  try {
    createKvNamespace(id, { apiKey: "KEY-in-a-page-1234" });
  } catch (caught) {
    error = caught;
  }
  expect(KvConfigError.isInstance(error)).toBe(true);
  expect(String(error)).not.toContain("KEY-in-a-page-1234");
  expect(() =>
    createKvNamespace(id, { apiKey: "KEY-in-a-page-1234", dangerouslyAllowApiKeyInBrowser: true }),
  ).not.toThrow();
});
