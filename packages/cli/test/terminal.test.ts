// The parts of the CLI that only show on a terminal, tested in a real one (a tmux pane): the progress bars
// of a long import (count, rate, ETA) and of an export whose listing is still going, the confirmation
// prompt of `namespace delete`, and the hint of `key put` waiting for a value typed at the terminal.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { freshNamespace, startService, type TestService, tempDir } from "./helpers.js";
import { provisionTmux, TmuxPane } from "./tmux.js";

describe("on a terminal", () => {
  let service: TestService;
  const temp = tempDir();
  const panes: TmuxPane[] = [];
  const open = async (args: string[]) => {
    const pane = await TmuxPane.start(temp.dir, args, service.env);
    panes.push(pane);
    return pane;
  };

  beforeAll(async () => {
    provisionTmux();
    service = await startService();
  });
  afterEach(async () => {
    await Promise.all(panes.splice(0).map((pane) => pane.close()));
  });
  afterAll(async () => {
    await service.close();
    temp.remove();
  });

  it("import draws a progress bar with the count, the rate and the ETA, then the summary", async () => {
    const { id } = await freshNamespace(service.client, "bar");
    const keys = 300;
    const file = join(temp.dir, "bar.ndjson");
    const lines = Array.from({ length: keys }, (_, i) => JSON.stringify({ key: `bar/${i}`, value: `v${i}` }));
    writeFileSync(file, `${lines.join("\n")}\n`);
    // 300 writes, 2 at a time, 25 ms each: a few seconds of bar to look at.
    service.emulator.setFaults({ latencyMs: 25 });
    try {
      const pane = await open(["import", id, file, "--concurrency", "2"]);
      const screens = await pane.watch(() => false);
      const bar = new RegExp(String.raw`import .*\b(\d+)/${keys}\b.*\b(\d+)/s\b.*ETA:? *(\d+)`);
      const midway = screens
        .map((screen) => bar.exec(screen))
        .filter((match): match is RegExpExecArray => match !== null)
        .filter((match) => Number(match[1]) > 0 && Number(match[1]) < keys);
      expect(midway.length, `screens seen:\n${screens.join("\n---\n")}`).toBeGreaterThan(0);
      // The count only grows, and a rate and an ETA were shown while it ran.
      const counts = midway.map((match) => Number(match[1]));
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
      expect(midway.some((match) => Number(match[2]) > 0 && Number(match[3]) > 0)).toBe(true);
      const last = screens.at(-1)!;
      expect(last).toMatch(new RegExp(`${keys} written, 0 unchanged, 0 failed`));
      expect(last).toContain("[exit 0]");
    } finally {
      service.emulator.setFaults(undefined);
    }
    let listed = 0;
    for await (const _ of service.client.namespace(id).list({ prefix: "bar/" })) listed++;
    expect(listed).toBe(keys);
  });

  it('export says "listed so far" while its listing goes on, and the true total once it has ended', async () => {
    const { id } = await freshNamespace(service.client, "listing");
    // More keys than the export lists ahead (10,000): the listing is still going when the reads start.
    const keys = 10_600;
    const written = await service.client.namespace(id).putMany(
      Array.from({ length: keys }, (_, i) => ({ key: `l/${String(i).padStart(5, "0")}`, value: "v" })),
      { concurrency: 32 },
    );
    expect(written.every((result) => result.ok)).toBe(true);
    const pane = await open(["export", id, "--out", join(temp.dir, "listing.ndjson"), "--concurrency", "8"]);
    const screens = await pane.watch(() => false, 25);
    const growing = screens.filter((screen) => /export .*\b\d+\/\d+ listed so far/.test(screen));
    expect(growing.length, `screens seen:\n${screens.join("\n---\n")}`).toBeGreaterThan(0);
    // While listing, the total is what was listed, never yet all of it, and no ETA is made up.
    for (const screen of growing) {
      const [, done, total] = /(\d+)\/(\d+) listed so far/.exec(screen)!;
      expect(Number(total)).toBeLessThan(keys);
      expect(Number(done)).toBeLessThanOrEqual(Number(total));
      expect(screen).toMatch(/ETA:? *\?/);
    }
    const last = screens.at(-1)!;
    expect(last).toContain(`${keys}/${keys}`);
    expect(last).not.toContain("listed so far");
    expect(last).toMatch(new RegExp(`${keys} written, 0 unchanged, 0 failed`));
    expect(last).toContain("[exit 0]");
  });

  it("key put with no value waits for the terminal and says so, then stores what was typed", async () => {
    const { id } = await freshNamespace(service.client, "typed");
    const pane = await open(["key", "put", id, "typed/k"]);
    const screens = await pane.watch((screen) => /Ctrl-D/.test(screen));
    expect(screens.at(-1)).toContain("Reading the value from the terminal: type it, then Ctrl-D");
    expect(screens.at(-1)).not.toContain("[exit");
    await pane.type("typed at the terminal", "Enter", "C-d");
    expect(await pane.exitStatus()).toBe(0);
    const value = await service.client.namespace(id).get("typed/k");
    expect(await value?.text()).toBe("typed at the terminal\n");
  });

  async function namespaceStatus(id: string): Promise<string> {
    for await (const namespace of service.client.namespaces.list())
      if (namespace.id === id) return namespace.status;
    return "gone";
  }

  it("namespace delete asks first, and deletes when answered y", async () => {
    const { id, name } = await freshNamespace(service.client, "ask-yes");
    const pane = await open(["namespace", "delete", name]);
    const screens = await pane.watch((screen) => /\[y\/N\]/.test(screen));
    expect(screens.at(-1)).toMatch(/\[y\/N\]/);
    expect(screens.at(-1)).not.toContain("[exit");
    // Asked, not yet done.
    expect(await namespaceStatus(id)).toBe("provision_ok");
    await pane.type("y", "Enter");
    expect(await pane.exitStatus()).toBe(0);
    expect(["deleting", "gone"]).toContain(await namespaceStatus(id));
  });

  it("namespace delete changes nothing when answered n (or just Enter)", async () => {
    const { id, name } = await freshNamespace(service.client, "ask-no");
    for (const answer of [["n", "Enter"], ["Enter"]]) {
      const pane = await open(["namespace", "delete", name]);
      await pane.watch((screen) => /\[y\/N\]/.test(screen));
      await pane.type(...answer);
      expect(await pane.exitStatus()).not.toBe(0);
      expect((await pane.screen()).toLowerCase()).toContain("cancelled");
      expect(await namespaceStatus(id)).toBe("provision_ok");
    }
  });
});
