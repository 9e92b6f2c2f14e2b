// A real terminal for the tests: the bin runs in a tmux pane (a pseudo-terminal, so stdin and stderr are
// TTYs), the test reads the screen with capture-pane and types with send-keys.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { ensureDebianPackage } from "@telnyx-kv/test-chromium";
import { BIN, cleanEnv } from "./helpers.js";

const run = promisify(execFile);

/** The line the pane's script prints when the command ends. */
const EXIT_MARK = /\[exit (\d+)\]/;

/**
 * Makes sure tmux is there: installs Debian's with the tests' one locked apt-get (the browser tests may be
 * installing Chromium at the same moment) when running as root, as CI does, and otherwise fails with what to
 * install. Never skips: a terminal test that does not run proves nothing, on CI or anywhere else.
 */
export function provisionTmux(): void {
  ensureDebianPackage("tmux", "tmux", {
    who: "The terminal tests run the CLI in tmux",
    otherwise: "macOS: brew install tmux",
  });
}

/** One tmux server of its own (its own socket file) with one pane running one command. */
export class TmuxPane {
  readonly #target = "cli";
  /** The server's socket, inside the test's temporary folder (removed with it). */
  readonly #socket: string;

  private constructor(dir: string) {
    this.#socket = join(dir, `tmux-${randomUUID().slice(0, 8)}`);
  }

  /** Starts `args` of the bin in a 160×40 pane, in `cwd`, with `env` (and no TELNYX_ variables of the machine). */
  static async start(dir: string, args: string[], env: Record<string, string>): Promise<TmuxPane> {
    const pane = new TmuxPane(dir);
    const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
    const script = join(dir, `pane-${randomUUID().slice(0, 8)}.sh`);
    // The pane stays open after the command so its last screen and exit status can be read.
    writeFileSync(
      script,
      [
        "#!/bin/sh",
        `cd ${quote(dir)}`,
        `${[process.execPath, BIN, ...args].map(quote).join(" ")}`,
        'echo "[exit $?]"',
        "exec sleep 3600",
        "",
      ].join("\n"),
    );
    chmodSync(script, 0o755);
    await pane.#tmux(
      ["new-session", "-d", "-s", pane.#target, "-x", "160", "-y", "40", script],
      cleanEnv(env),
    );
    return pane;
  }

  async #tmux(args: string[], env: Record<string, string> = cleanEnv()): Promise<string> {
    const { stdout } = await run("tmux", ["-S", this.#socket, "-f", "/dev/null", ...args], { env });
    return stdout;
  }

  /** The visible screen, as text. */
  screen(): Promise<string> {
    return this.#tmux(["capture-pane", "-p", "-t", this.#target]);
  }

  /** Types `keys` (tmux key names such as "Enter" allowed). */
  async type(...keys: string[]): Promise<void> {
    await this.#tmux(["send-keys", "-t", this.#target, ...keys]);
  }

  /**
   * Reads the screen every `everyMs` until `done(screen)` holds or the command has ended, and returns every
   * distinct screen seen, the last one last.
   */
  async watch(done: (screen: string) => boolean, everyMs = 50): Promise<string[]> {
    const screens: string[] = [];
    for (;;) {
      const screen = await this.screen();
      if (screens.at(-1) !== screen) screens.push(screen);
      if (done(screen) || EXIT_MARK.test(screen)) return screens;
      await sleep(everyMs);
    }
  }

  /** Waits for the command to end; its exit status. */
  async exitStatus(): Promise<number> {
    const screens = await this.watch(() => false);
    return Number(EXIT_MARK.exec(screens.at(-1)!)![1]);
  }

  /** Stops the tmux server and everything in it. */
  async close(): Promise<void> {
    await this.#tmux(["kill-server"]).catch(() => {});
  }
}
