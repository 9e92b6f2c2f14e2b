// bentocache's driver suite, registered for our L2 driver over one emulator namespace.
import { test } from "@japa/runner";
import { createKvClient } from "@telnyx-kv/core";
import { registerCacheDriverTestSuite } from "bentocache/test_suite";
import { telnyxKvDriver } from "../../dist/bentocache.js";

const { baseUrl, apiKey, namespaceId } = JSON.parse(process.env.BENTOCACHE_SUITE_CONFIG ?? "{}");
const namespace = createKvClient({ apiKey, baseUrl }).namespace(namespaceId);

test.group("Telnyx KV driver", (group) => {
  registerCacheDriverTestSuite({
    test,
    group,
    // As bentocache's own drivers do: a prefix of the suite, which its options may replace.
    createDriver: (options) => telnyxKvDriver({ namespace }).factory({ prefix: "japa", ...options }),
  });
});
