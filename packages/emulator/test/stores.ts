/** Runs a conformance block once per store: a shared server per store, plus per-test servers with options. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe } from "vitest";
import { type Emulator, type EmulatorOptions, startEmulator } from "../src/index.js";
import { Api } from "./helpers.js";

export type StoreKind = "memory" | "sqlite";
export const STORES: StoreKind[] = ["memory", "sqlite"];

/** Starts emulators on one store; each SQLite one gets its own fresh data dir. */
export class EmulatorPool {
  private readonly running: Emulator[] = [];
  private readonly dirs: string[] = [];

  constructor(readonly store: StoreKind) {}

  async start(options: EmulatorOptions = {}): Promise<Emulator> {
    const merged: EmulatorOptions = {
      logger: false,
      host: "127.0.0.1",
      port: 0,
      ...options,
      store: this.store,
    };
    if (this.store === "sqlite" && merged.dataDir === undefined) {
      const dir = await mkdtemp(join(tmpdir(), "telnyx-kv-emu-test-"));
      this.dirs.push(dir);
      merged.dataDir = dir;
    }
    const emu = await startEmulator(merged);
    this.running.push(emu);
    return emu;
  }

  async closeAll(): Promise<void> {
    const emus = this.running.splice(0);
    await Promise.all(emus.map((e) => e.close()));
    const dirs = this.dirs.splice(0);
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  }
}

export interface StoreContext {
  store: StoreKind;
  /** The server shared by the block (default options). */
  emu(): Emulator;
  /** A fresh account on the shared server. */
  api(): Api;
  /** A server of its own with options, closed after the test. */
  start(options?: EmulatorOptions): Promise<Emulator>;
}

/** `describe.each` over both stores. */
export function describeStores(title: string, body: (ctx: StoreContext) => void): void {
  describe.each(STORES)(`${title} [%s]`, (store) => {
    const shared = new EmulatorPool(store);
    const perTest = new EmulatorPool(store);
    let emu: Emulator | undefined;
    beforeAll(async () => {
      emu = await shared.start();
    });
    afterEach(() => perTest.closeAll());
    afterAll(() => shared.closeAll());
    body({
      store,
      emu: () => {
        if (!emu) throw new Error("shared emulator not started");
        return emu;
      },
      api: () => {
        if (!emu) throw new Error("shared emulator not started");
        return new Api(emu);
      },
      start: (options) => perTest.start(options),
    });
  });
}
