/** A cookie jar of one user, and the express app processes a session test talks to. */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { SessionAppConfig } from "./fixtures/session-app.mjs";

/** One user agent: keeps the `connect.sid` cookie the apps set, and sends it back. */
export class SessionBrowser {
  cookie: string | undefined;

  async request(url: string, method = "GET"): Promise<Record<string, unknown>> {
    const response = await fetch(url, { method, headers: this.cookie ? { cookie: this.cookie } : {} });
    const set = response.headers.getSetCookie().find((line) => line.startsWith("connect.sid="));
    if (set) this.cookie = set.split(";")[0];
    if (response.status !== 200) throw new Error(`${method} ${url} answered ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
  }

  /** The session id inside the signed cookie (`s:<id>.<signature>`). */
  get sid(): string | undefined {
    if (!this.cookie) return undefined;
    const signed = decodeURIComponent(this.cookie.slice("connect.sid=".length));
    return signed.slice(2, signed.lastIndexOf("."));
  }
}

/** An app running in a process of its own (a real second instance, not a second object in this one). */
export interface AppProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const APP_SCRIPT = fileURLToPath(new URL("./fixtures/session-app.mjs", import.meta.url));

/** Forks the session app with `config` and waits until it listens. */
export async function forkSessionApp(config: SessionAppConfig): Promise<AppProcess> {
  const child: ChildProcess = fork(APP_SCRIPT, [], {
    env: { ...process.env, SESSION_APP_CONFIG: JSON.stringify(config) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("message", (message) => resolve((message as { url: string }).url));
    child.once("exit", (code) =>
      reject(new Error(`the app process exited with code ${code} before listening`)),
    );
  });
  return {
    url,
    pid: child.pid ?? 0,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
