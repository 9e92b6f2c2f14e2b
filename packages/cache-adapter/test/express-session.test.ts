/**
 * The express-session store on real express 5 apps (express-session 1.19) listening on 127.0.0.1, one in
 * this process and one in a forked process, both on one emulator namespace. Time moves with a fake `Date`
 * shared by the app, the store and the emulator (so server-side expiry is checked without sleeping).
 */
import type { KvNamespaceClient } from "@telnyx-kv/core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { encodeKey } from "../src/codec.js";
import { KvSessionDecodeError } from "../src/express-session/index.js";
import { type RunningSessionApp, type SessionAppConfig, startSessionApp } from "./fixtures/session-app.mjs";
import { startTestKv, storedKeys, type TestKv } from "./helpers.js";
import { forkSessionApp, SessionBrowser } from "./session-browser.js";

let kv: TestKv;
let ns: KvNamespaceClient;
const running: Array<{ close?(): Promise<void>; stop?(): Promise<void> }> = [];

beforeAll(async () => {
  // `Date.now()` read at call time, so the fake Date of the expiry tests moves the emulator's clock too.
  kv = await startTestKv({ now: () => Date.now(), recordRequests: true });
});
afterAll(() => kv.close());
beforeEach(async () => {
  ns = await kv.namespace();
});
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(running.splice(0).map((app) => (app.close ? app.close() : app.stop?.())));
});

function config(extra: Partial<SessionAppConfig> = {}): SessionAppConfig {
  return { baseUrl: kv.emulator.url, apiKey: kv.apiKey, namespaceId: ns.id, ...extra };
}

async function app(extra: Partial<SessionAppConfig> = {}): Promise<RunningSessionApp> {
  const started = await startSessionApp(config(extra));
  running.push(started);
  return started;
}

const putsOf = () => kv.requestsOf(ns.id).filter((request) => request.method === "PUT").length;
const advance = (ms: number) => vi.setSystemTime(Date.now() + ms);

describe("express-session on a real express app", () => {
  it("a login on one process is honoured by a second process on the same namespace, and survives restarts", async () => {
    const first = await app();
    const second = await forkSessionApp(config());
    running.push(second);
    const user = new SessionBrowser();

    expect(await user.request(`${first.url}/login?user=ada`, "POST")).toMatchObject({ user: "ada" });
    const seen = await user.request(`${second.url}/me`);
    expect(seen).toMatchObject({ user: "ada", sid: user.sid });
    expect(seen.pid).not.toBe(process.pid);

    // Restart the second process (a new pid) and the first app: the session is still there.
    await second.stop();
    running.pop();
    const restarted = await forkSessionApp(config());
    running.push(restarted);
    const again = await user.request(`${restarted.url}/me`);
    expect(again).toMatchObject({ user: "ada", sid: user.sid });
    expect(again.pid).not.toBe(seen.pid);
    await first.close();
    running.shift();
    expect(await user.request(`${(await app()).url}/me`)).toMatchObject({ user: "ada" });

    // Another user on the same apps has a session of their own.
    const other = new SessionBrowser();
    expect(await other.request(`${restarted.url}/me`)).toMatchObject({ user: null });
    expect(other.sid).toBeUndefined();
  });

  it("req.session.destroy() removes the key", async () => {
    const { url } = await app();
    const user = new SessionBrowser();
    await user.request(`${url}/login?user=ada`, "POST");
    expect(await storedKeys(ns)).toEqual([`sess/${encodeKey(user.sid ?? "")}`]);
    await user.request(`${url}/logout`, "POST");
    expect(await storedKeys(ns)).toEqual([]);
    expect(await user.request(`${url}/me`)).toMatchObject({ user: null });
  });

  it("a session with a short maxAge is gone after it, in the store and on the server", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { url, store } = await app({ maxAgeMs: 2000 });
    const user = new SessionBrowser();
    await user.request(`${url}/login?user=ada`, "POST");
    const sid = user.sid ?? "";
    advance(1999);
    expect(await store.get(sid)).toMatchObject({ user: "ada" });
    advance(1);
    expect(await store.get(sid)).toBeNull();
    // serverTtl (the default) sent ttl_secs, so the emulator on the same clock removed the key.
    expect(await ns.getBytes(`sess/${encodeKey(sid)}`)).toBeNull();
    expect(await user.request(`${url}/me`)).toMatchObject({ user: null });
  });

  it("with resave: false and touchAfterSeconds: 60, 100 requests in a minute cost no PUT after the login", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { url } = await app({ storeOptions: { touchAfterSeconds: 60 } });
    const user = new SessionBrowser();
    await user.request(`${url}/login?user=ada`, "POST");
    expect(putsOf()).toBe(1);
    for (let i = 0; i < 100; i++) {
      advance(590); // 100 requests over 59 s
      expect(await user.request(`${url}/me`)).toMatchObject({ user: "ada" });
    }
    expect(putsOf()).toBe(1);
    // Once the period has passed, the next request does extend the stored session: one more PUT.
    advance(1500);
    await user.request(`${url}/me`);
    expect(putsOf()).toBe(2);
    for (let i = 0; i < 10; i++) await user.request(`${url}/me`);
    expect(putsOf()).toBe(2);
  });

  it("without touchAfterSeconds every unchanged request is a touch, hence a PUT (what the option saves)", async () => {
    const { url } = await app();
    const user = new SessionBrowser();
    await user.request(`${url}/login?user=ada`, "POST");
    for (let i = 0; i < 100; i++) await user.request(`${url}/me`);
    expect(putsOf()).toBe(101);
  });

  it("a corrupted stored session gives a fresh session, never a 500, and one error event", async () => {
    const { url, store } = await app();
    const errors: unknown[] = [];
    store.on("error", (error) => errors.push(error));
    const user = new SessionBrowser();
    await user.request(`${url}/login?user=ada`, "POST");
    const sid = user.sid ?? "";
    await ns.put(`sess/${encodeKey(sid)}`, '{"user":"ada", broken');
    const after = await user.request(`${url}/me`);
    expect(after).toMatchObject({ user: null });
    expect(after.sid).not.toBe(sid);
    expect(errors).toHaveLength(1);
    // The app runs the built package, hence the name rather than the class of the source.
    expect((errors[0] as Error).name).toBe(KvSessionDecodeError.name);
    // The message never shows the session id (it is a credential).
    expect(String((errors[0] as Error).message)).not.toContain(sid);
    // A fresh login works on the same browser.
    expect(await user.request(`${url}/login?user=bob`, "POST")).toMatchObject({ user: "bob" });
    expect(await user.request(`${url}/me`)).toMatchObject({ user: "bob" });
  });
});
