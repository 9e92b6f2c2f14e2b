/**
 * keyv 5 runs the published compliance suite (@keyv/test-suite) over the store, against the emulator.
 * The suite calls the store factory many times per test, and every store must see the same data, so
 * the factory returns new stores over one namespace (like connections to one Redis).
 */

import keyvTestSuite, { keyvIteratorTests } from "@keyv/test-suite";
import type { KvNamespaceClient } from "@telnyx-kv/core";
import Keyv, { type KeyvOptions } from "keyv";
import * as vitest from "vitest";
import { createKeyvStore, enableKeyv5Iteration, KvKeyv5Store } from "../src/keyv/index.js";
import { startTestKv, type TestKv } from "./helpers.js";

let kv: TestKv;
let ns: KvNamespaceClient;

vitest.beforeAll(async () => {
  kv = await startTestKv({ recordRequests: true });
  ns = await kv.namespace();
});
vitest.afterAll(() => kv.close());

const store = () => createKeyvStore(ns, { prefix: "suite/" });

vitest.describe("@keyv/test-suite with keyv 5", () => {
  keyvTestSuite(vitest, Keyv, store);
});

/**
 * keyv 5 turns on `Keyv#iterator` only for a fixed list of SQL/Redis dialects. `createKeyv` (the
 * documented way) does the one step that turns it on for this store, `enableKeyv5Iteration`; the suite
 * wants a Keyv class rather than an instance, so this subclass takes the same step.
 */
class KeyvWithIterator extends Keyv {
  constructor(options?: KeyvOptions) {
    super(options);
    if (this.store instanceof KvKeyv5Store) enableKeyv5Iteration(this, this.store);
  }
}

vitest.describe("@keyv/test-suite iterator tests with keyv 5", () => {
  keyvIteratorTests(vitest, KeyvWithIterator as typeof Keyv, store);
});

vitest.it("went through the emulator with escaped keys (not an in-memory fake)", () => {
  const puts = kv.requestsOf(ns.id).filter((request) => request.method === "PUT");
  vitest.expect(puts.map((request) => request.key)).toContain("suite/keyv=3afoo");
  vitest.expect(puts.map((request) => request.key)).toContain("suite/keyv1=3afoo");
});
