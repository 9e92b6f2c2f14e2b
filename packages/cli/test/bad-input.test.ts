import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshNamespace, startService, type TestService, tempDir } from "./helpers.js";

let service: TestService;
let scratch: ReturnType<typeof tempDir>;
let ns: { id: string; name: string };
beforeAll(async () => {
  service = await startService();
  scratch = tempDir();
  ns = await freshNamespace(service.client, "bad-input");
});
afterAll(async () => {
  await service?.close();
  scratch?.remove();
});

const GOOD = '{"key":"fine","value":"ok"}';

async function importing(name: string, content: string | Buffer, extra: string[] = []) {
  const file = join(scratch.dir, name);
  writeFileSync(file, content);
  const before = service.puts();
  const result = await service.run(["import", ns.id, file, ...extra]);
  return { ...result, writes: service.puts() - before };
}

describe("bad input writes nothing and says what is wrong", () => {
  it("a file that is neither JSON nor NDJSON", async () => {
    const result = await importing("plain.txt", "key1=value1\nkey2=value2\n");
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^telnyx-kv: The file is neither NDJSON .* nor a JSON array/m);
    expect(result.writes).toBe(0);
  });

  it("a JSON array that does not parse", async () => {
    const result = await importing("broken.json", '[{"key":"a","value":"1"},');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("not valid JSON");
    expect(result.writes).toBe(0);
  });

  it("binary that is not UTF-8 text", async () => {
    const result = await importing("blob.bin", Buffer.from([0x7b, 0xff, 0xfe, 0x00]));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("not UTF-8 text");
    expect(result.writes).toBe(0);
  });

  it("an NDJSON line that is not JSON, listed by line number", async () => {
    const result = await importing("lines.ndjson", `${GOOD}\n\n{"key":"x","value":\n`);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^line 3: not JSON/m);
    expect(result.stderr).toContain("1 invalid entry; nothing was written");
    expect(result.writes).toBe(0);
  });

  it("a bad key, a value over 1 MiB and a bad TTL, each listed, nothing written", async () => {
    const big = "x".repeat(1_048_577);
    const content = [
      GOOD,
      '{"key":"has space","value":"v"}',
      '{"key":"_reserved","value":"v"}',
      `{"key":"big","value":"${big}"}`,
      '{"key":"ttl","value":"v","expiration_ttl":0}',
      '{"key":"ttl2","value":"v","expiration_ttl":1.5}',
      '{"key":"past","value":"v","expiration":1000}',
    ].join("\n");
    const result = await importing("mixed.ndjson", content);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^line 2: key "has space"/m);
    expect(result.stderr).toMatch(/^line 3: key "_reserved"/m);
    expect(result.stderr).toMatch(
      /^line 4: key "big": value of 1048577 bytes: a value is at most 1048576 bytes/m,
    );
    expect(result.stderr).toMatch(/^line 5: "expiration_ttl" 0: a TTL is a whole number/m);
    expect(result.stderr).toMatch(/^line 6: "expiration_ttl" 1.5/m);
    expect(result.stderr).toMatch(/^line 7: "expiration" 1000 is in the past/m);
    expect(result.stderr).toContain("6 invalid entries; nothing was written");
    expect(result.writes).toBe(0);
  });

  it("metadata, listed by index in a wrangler file, is refused with the reason", async () => {
    const result = await importing(
      "meta.json",
      JSON.stringify([
        { key: "a", value: "1" },
        { key: "b", value: "2", metadata: { owner: "me" } },
      ]),
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^index 1: "metadata" is not supported: Telnyx KV stores no metadata/m);
    expect(result.writes).toBe(0);
  });

  it("--skip-invalid writes the valid entries, skips the rest, and ends with its own exit status 3", async () => {
    const result = await importing("skip.ndjson", `${GOOD}\n{"key":"bad key","value":"v"}\n`, [
      "--skip-invalid",
    ]);
    expect(result.status).toBe(3);
    expect(result.stderr).toContain("Skipping 1 invalid entry (--skip-invalid)");
    expect(result.stderr).toMatch(
      /^telnyx-kv: Imported all valid entries, but skipped 1 invalid entry .*exit status 3/m,
    );
    expect(result.writes).toBe(1);
    expect(await service.client.namespace(ns.id).getText("fine")).toBe("ok");
  });

  it("an unknown flag: a clear message, exit 2, nothing written", async () => {
    const result = await importing("good.ndjson", GOOD, ["--concurency", "4"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^telnyx-kv: unknown option '--concurency'/m);
    expect(result.stderr).toContain("--concurrency");
    expect(result.writes).toBe(0);
  });

  it("a bad flag value (--concurrency 0, --ttl 1.5h): exit 2, nothing written", async () => {
    const concurrency = await importing("good2.ndjson", GOOD, ["--concurrency", "0"]);
    expect(concurrency.status).toBe(2);
    expect(concurrency.stderr).toMatch(
      /^telnyx-kv: option '--concurrency <N>' argument '0' is invalid\. Use a whole number from 1 to 256\.$/m,
    );
    expect(concurrency.writes).toBe(0);
    const ttl = await service.run(["key", "put", ns.id, "k", "v", "--ttl", "1.5h"]);
    expect(ttl.status).toBe(2);
    expect(ttl.stderr).toContain('"1.5h" is not a TTL');
  });

  it("a missing file: exit 2 with the path", async () => {
    const result = await service.run(["import", ns.id, join(scratch.dir, "absent.ndjson")]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("absent.ndjson");
  });
});
