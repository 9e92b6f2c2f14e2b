import { KvValidationError } from "@telnyx-kv/core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createKvNamespace } from "../src/index.js";
import { startRig, TEST_API_KEY, type TestRig } from "./helpers.js";

let rig: TestRig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(() => rig.close());

it("createKvNamespace gives the Node namespace client of createKvClient, with its own pool to close", async () => {
  const ns = createKvNamespace(rig.namespaceId, { apiKey: TEST_API_KEY, baseUrl: rig.emulator.url, env: {} });
  await ns.put("node/a", Buffer.from([0, 1, 2]));
  expect(await rig.client.namespace(rig.namespaceId).getBytes("node/a")).toEqual(new Uint8Array([0, 1, 2]));
  const many = await ns.getMany(["node/a", "node/missing"], { type: "bytes" });
  expect(many).toEqual([
    { key: "node/a", ok: true, value: new Uint8Array([0, 1, 2]) },
    { key: "node/missing", ok: true, value: null },
  ]);
  await ns.close();
  await ns.close();
  await expect(ns.get("node/a")).rejects.toThrow();
});

it("refuses a namespace name in place of an id", () => {
  let error: unknown;
  try {
    createKvNamespace("my-cache", { apiKey: TEST_API_KEY, env: {} });
  } catch (caught) {
    error = caught;
  }
  expect(KvValidationError.isInstance(error)).toBe(true);
});
