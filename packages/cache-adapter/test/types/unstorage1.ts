// unstorage 1's own `Driver` type and `createStorage`.
import type { KvNamespaceClient } from "@telnyx-kv/core";
import { createStorage, type Driver, type Storage } from "unstorage";
import type { KvCache } from "../../src/index.js";
import { createUnstorageDriver, telnyxKvDriver } from "../../src/unstorage.js";

declare const ns: KvNamespaceClient;

export const driver: Driver = createUnstorageDriver(ns, { base: "app", ttl: 60 });
export const storage: Storage = createStorage({ driver: telnyxKvDriver({ client: ns, serverTtl: true }) });
export const instance: KvCache | undefined = createUnstorageDriver(ns).getInstance?.();
// @ts-expect-error the factory needs the namespace client
telnyxKvDriver({ base: "app" });
