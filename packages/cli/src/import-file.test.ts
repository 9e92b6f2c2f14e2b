import { describe, expect, it } from "vitest";
import { CliError } from "./exit.js";
import { checkItem, parseImportFile } from "./import-file.js";
import { importItems } from "./import-stream.js";

const NOW = Date.UTC(2026, 0, 1);

describe("parseImportFile", () => {
  it("reads NDJSON with text, base64, content types and TTLs; blank lines and CRLF are fine", async () => {
    const text = [
      '{"key":"a","value":"héllo"}',
      "",
      '{"key":"b","value":"AP8=","base64":true,"content_type":"image/png"}\r',
      `{"key":"c","value":"x","expiration_ttl":60}`,
      `{"key":"d","value":"y","expiration":${NOW / 1000 + 120}}`,
    ].join("\n");
    const file = await parseImportFile(text, NOW);
    expect(file.format).toBe("ndjson");
    expect(file.problems).toEqual([]);
    expect(file.entries.map((e) => [e.ordinal, e.where, e.key, e.contentType, e.ttlSeconds])).toEqual([
      [0, "line 1", "a", "text/plain; charset=utf-8", undefined],
      [1, "line 3", "b", "image/png", undefined],
      [2, "line 4", "c", "text/plain; charset=utf-8", 60],
      [3, "line 5", "d", "text/plain; charset=utf-8", 120],
    ]);
    expect(Buffer.from(file.entries[0]!.value).toString()).toBe("héllo");
    expect([...file.entries[1]!.value]).toEqual([0, 255]);
  });

  it("checks without the value's bytes (the checking pass) and still knows their exact size", () => {
    const values = ["héllo \ud83d\ude00", "", "AP8=", "AAAA", "AA==", "lone \ud800"];
    for (const [i, value] of values.entries()) {
      const base64 = i >= 2 && i <= 4;
      const raw = JSON.parse(`{"key":"k","value":"${value}"${base64 ? ',"base64":true' : ""}}`);
      const item = { ordinal: 0, where: "line 1", raw };
      const full = checkItem(item, NOW).entry!;
      const sized = checkItem(item, NOW, { values: false }).entry!;
      expect(sized.value.byteLength).toBe(0);
      expect([sized.size, full.size]).toEqual([full.value.byteLength, full.value.byteLength]);
    }
  });

  it("reads a wrangler JSON array and names problems by index", async () => {
    const file = await parseImportFile(
      JSON.stringify([
        { key: "ok", value: "1" },
        { key: "bin", value: "not base64!", base64: true },
        { key: "both", value: "v", expiration: 1, expiration_ttl: 5 },
        { key: "typo", value: "v", contenttype: "x" },
        "just a string",
      ]),
      NOW,
    );
    expect(file.format).toBe("wrangler");
    expect(file.entries.map((e) => e.key)).toEqual(["ok"]);
    expect(file.problems).toEqual([
      { where: "index 1", message: '"value" is not valid base64 (and "base64" is true)' },
      { where: "index 2", message: 'give "expiration_ttl" or "expiration", not both' },
      { where: "index 3", message: 'unknown field "contenttype"' },
      { where: "index 4", message: "not a JSON object with key and value" },
    ]);
  });

  it("checks keys, sizes and TTLs with core's rules", async () => {
    const file = await parseImportFile(
      [
        '{"key":"..","value":"v"}',
        `{"key":"${"k".repeat(257)}","value":"v"}`,
        '{"key":"ok","value":"v","expiration_ttl":9223372037}',
        '{"key":"ok2","value":"v","base64":"yes"}',
        '{"key":"ok3","value":"v","content_type":"bad\\ntype"}',
      ].join("\n"),
      NOW,
    );
    expect(file.entries).toEqual([]);
    expect(file.problems.map((p) => p.where)).toEqual(["line 1", "line 2", "line 3", "line 4", "line 5"]);
    expect(file.problems[2]!.message).toContain("9223372036");
  });

  it("an empty file has no entries; other text is a usage error", async () => {
    expect((await parseImportFile("  \n", NOW)).entries).toEqual([]);
    await expect(parseImportFile("key,value\na,1\n", NOW)).rejects.toThrow(CliError);
    expect((await parseImportFile('{"key":"a"}\n', NOW)).problems).toEqual([
      { where: "line 1", message: '"value" must be a string' },
    ]);
    await expect(parseImportFile("[1,", NOW)).rejects.toThrow(/ends before the array does|not valid JSON/);
    await expect(parseImportFile("[1,]", NOW)).rejects.toThrow(/not valid JSON/);
    await expect(parseImportFile('{"not":"an array"}', NOW)).resolves.toBeDefined();
  });

  it("names a line that is not UTF-8, and reads a line split across chunks", async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"key":"a","value":"1"}\n{"key":"b","value":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}\n{"key":"c","va'),
    ]);
    async function* chunks() {
      yield bytes;
      yield Buffer.from('lue":"3"}');
    }
    const items = [];
    for await (const item of importItems(chunks())) items.push(item);
    expect(items.map((i) => [i.ordinal, i.where, i.problem ?? (i.raw as { key: string }).key])).toEqual([
      [0, "line 1", "a"],
      [1, "line 2", "not UTF-8 text"],
      [2, "line 3", "c"],
    ]);
  });

  it("reads the same entries through one refilled buffer as through fresh chunks, and closes its source", async () => {
    // Leading whitespace (the format is found only in the second chunk), a multi-byte character and lines
    // split across chunks: what `inputChunks` hands out, one buffer refilled with each read.
    const ndjson = Buffer.from(
      ' \n\n{"key":"a","value":"é 1"}\n{"key":"b","value":"€ 2"}\n{"key":"c","value":"3"}\n',
    );
    const array = Buffer.from('\n  [{"key":"a","value":"é 1"},\n{"key":"b","value":"€ 2"}]');
    for (const file of [ndjson, array]) {
      for (const size of [1, 2, 3, 7]) {
        let returned = false;
        async function* refilled(): AsyncGenerator<Uint8Array> {
          const buffer = new Uint8Array(size);
          try {
            for (let at = 0; at < file.length; at += size) {
              const piece = file.subarray(at, at + size);
              buffer.set(piece);
              yield buffer.subarray(0, piece.length);
              buffer.fill(0x21); // What a consumer still holding the last chunk would now read instead.
            }
          } finally {
            returned = true;
          }
        }
        const items = [];
        for await (const item of importItems(refilled())) items.push(item.raw);
        expect(items, `chunks of ${size}`).toEqual(
          file === ndjson
            ? [
                { key: "a", value: "é 1" },
                { key: "b", value: "€ 2" },
                { key: "c", value: "3" },
              ]
            : [
                { key: "a", value: "é 1" },
                { key: "b", value: "€ 2" },
              ],
        );
        expect(returned).toBe(true);
        // A consumer that stops early still has the source closed.
        returned = false;
        for await (const _ of importItems(refilled())) break;
        expect(returned, `stopped early, chunks of ${size}`).toBe(true);
      }
    }
  });
});
