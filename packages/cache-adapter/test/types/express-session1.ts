// express-session 1's own `Store`, `SessionData` and middleware options (from @types/express-session).
import type { KvNamespaceClient } from "@telnyx-kv/core";
import session, { type SessionData, type Store } from "express-session";
import { createSessionStore, type KvSessionStore } from "../../src/express-session/index.js";

declare const ns: KvNamespaceClient;

export const store: Store = createSessionStore(ns, { touchAfterSeconds: 60, prefix: "app-sess/" });
session({ store: createSessionStore(ns), secret: "s", resave: false });
declare const data: SessionData;
export const loaded: Promise<SessionData | null> = createSessionStore(ns).get("sid");
createSessionStore(ns).set("sid", data, (error) => error);
export const count: Promise<number> = (store as KvSessionStore).length();
export const custom = createSessionStore(ns, {
  ttlSeconds: (session) => (session.cookie.maxAge ?? 0) / 1000,
});
// @ts-expect-error set takes express-session's SessionData, which has a cookie
createSessionStore(ns).set("sid", { user: "ada" });
// @ts-expect-error the serializer turns a session into text
createSessionStore(ns, { serializer: { stringify: (s: SessionData) => s, parse: JSON.parse } });
