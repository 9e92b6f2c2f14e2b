import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createSessionStore } from "@telnyx-kv/cache-adapter/express-session";
import type { KvNodeNamespaceClient } from "@telnyx-kv/client-node";
import express from "express";
import session from "express-session";
import { expectEqual, type Scenario } from "./types.js";

declare module "express-session" {
  interface SessionData {
    user?: string;
  }
}

const PREFIX = "scenarios/sess/";

/** An express app with sessions in Telnyx KV, on 127.0.0.1 and a free port. */
async function startApp(ns: KvNodeNamespaceClient): Promise<{ url: string; server: Server }> {
  const app = express();
  app.use(
    session({
      store: createSessionStore(ns, { prefix: PREFIX, touchAfterSeconds: 60 }),
      secret: "playground-demo-secret",
      resave: false,
      saveUninitialized: false,
      cookie: { maxAge: 15 * 60_000 },
    }),
  );
  app.post("/login", (req, res) => {
    req.session.user = "ada";
    res.json({ user: req.session.user });
  });
  app.get("/me", (req, res) => {
    res.json({ user: req.session.user ?? null });
  });
  app.post("/logout", (req, res, next) => {
    req.session.destroy((error) => (error ? next(error) : res.json({ ok: true })));
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** A fetch that keeps the session cookie, like a browser. */
function browser() {
  let cookie = "";
  return async (url: string, method = "GET") => {
    const response = await fetch(url, { method, headers: cookie ? { cookie } : {} });
    const set = response.headers.getSetCookie().find((line) => line.startsWith("connect.sid="));
    if (set) cookie = set.split(";")[0] ?? "";
    return (await response.json()) as { user?: string | null };
  };
}

/** Sessions stored in Telnyx KV, the way an express app keeps its logins. */
export const sessionScenarios: Scenario[] = [
  {
    name: "express-session login round trip",
    async run(ctx) {
      // Two app instances on one namespace: a login on one is honoured by the other.
      const [first, second] = [await startApp(ctx.ns), await startApp(ctx.ns)];
      try {
        const request = browser();
        expectEqual(await request(`${first.url}/me`), { user: null }, "before login");
        expectEqual(await request(`${first.url}/login`, "POST"), { user: "ada" }, "login");
        expectEqual(await request(`${second.url}/me`), { user: "ada" }, "the other instance sees the login");
        expectEqual((await ctx.ns.list({ prefix: PREFIX }).page()).keys.length, 1, "one stored session");
        await request(`${second.url}/logout`, "POST");
        expectEqual(await request(`${first.url}/me`), { user: null }, "after logout");
        expectEqual((await ctx.ns.list({ prefix: PREFIX }).page()).keys.length, 0, "no stored session");
        return "login on one app, seen by a second, logout removes the key";
      } finally {
        await ctx.ns.deletePrefix(PREFIX);
        for (const { server } of [first, second]) await new Promise((resolve) => server.close(resolve));
      }
    },
  },
];
