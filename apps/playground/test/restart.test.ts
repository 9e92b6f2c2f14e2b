import { createKvClient } from "@telnyx-kv/client-node";
import { afterAll, describe, expect, it } from "vitest";
import { localEnv, type RunningCli, runCli, tempDir, waitForUrl } from "./helpers.js";

/** Starts the real main command (scenarios skipped, for speed) on a port chosen by the system. */
async function startServer(dataDir: string): Promise<{ cli: RunningCli; url: string }> {
  const cli = runCli(
    "server/main.js",
    localEnv({ PORT: "0", PLAYGROUND_DATA_DIR: dataDir, PLAYGROUND_SKIP_SCENARIOS: "1" }),
  );
  return { cli, url: await waitForUrl(cli) };
}

/** Ctrl-C, as a person would stop it; it must close cleanly. */
async function stop(cli: RunningCli): Promise<void> {
  cli.child.kill("SIGINT");
  expect(await cli.exited, cli.output()).toBe(0);
  expect(cli.output()).toContain("Stopped. Data is kept for the next start.");
}

describe("restart", () => {
  const running: RunningCli[] = [];
  afterAll(() => {
    for (const cli of running) if (cli.child.exitCode === null) cli.child.kill("SIGKILL");
  });

  it("keeps namespaces and keys written before a stop", async () => {
    const dir = await tempDir();
    try {
      const first = await startServer(dir.path);
      running.push(first.cli);
      // Through the page's proxy: the server adds its own key, so any placeholder works here.
      const before = createKvClient({ apiKey: "unused-behind-proxy", baseUrl: `${first.url}kv` });
      const ns = await before.namespaces.create("survives-restart");
      await before.namespaces.waitUntilReady(ns.id, { intervalMs: 100 });
      await before.namespace(ns.id).putJson("state/counter.json", { count: 41 });
      await before.close();
      await stop(first.cli);

      const second = await startServer(dir.path);
      running.push(second.cli);
      const after = createKvClient({ apiKey: "unused-behind-proxy", baseUrl: `${second.url}kv` });
      const names: string[] = [];
      for await (const item of after.namespaces.list()) names.push(item.name);
      expect(names).toContain("survives-restart");
      expect(await after.namespace(ns.id).getJson("state/counter.json")).toEqual({ count: 41 });
      await after.close();
      await stop(second.cli);
    } finally {
      await dir.remove();
    }
  });
});
