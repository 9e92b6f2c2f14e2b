// bentocache 1.6's own `bentostore().useL2Layer` and its driver types.
import type { KvNamespaceClient } from "@telnyx-kv/core";
import { BentoCache, bentostore } from "bentocache";
import { memoryDriver } from "bentocache/drivers/memory";
import type { CreateDriverResult, L2CacheDriver } from "bentocache/types";
import { telnyxKvDriver } from "../../src/bentocache.js";

declare const ns: KvNamespaceClient;

export const driver: CreateDriverResult<L2CacheDriver> = telnyxKvDriver({ namespace: ns, serverTtl: false });
export const bento = new BentoCache({
  default: "kv",
  stores: {
    kv: bentostore()
      .useL1Layer(memoryDriver())
      .useL2Layer(telnyxKvDriver({ namespace: ns })),
  },
});
// @ts-expect-error an L2 driver is not an L1 layer
bentostore().useL1Layer(telnyxKvDriver({ namespace: ns }));
// @ts-expect-error the driver needs the namespace client as `namespace`
telnyxKvDriver({ client: ns });
