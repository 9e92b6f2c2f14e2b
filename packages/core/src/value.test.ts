import { describe, expect, it } from "vitest";
import { caught, type FakeStep, fakeFetch, NAMESPACE_ID, respond } from "../test/fake-fetch.js";
import { createKvClient } from "./client.js";
import { KvHttpError, KvValidationError } from "./errors.js";
import type { KvPutValue } from "./types.js";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function setup(steps: FakeStep[] | FakeStep) {
  const fake = fakeFetch(steps);
  const ns = createKvClient({ apiKey: "key-1234", fetch: fake.fetch, retry: { baseDelayMs: 1 } }).namespace(
    NAMESPACE_ID,
  );
  return { fake, ns };
}

function streamOf(...chunks: string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });
}

describe("put: values and content types", () => {
  const cases: Array<[string, () => KvPutValue, string, string]> = [
    ["a string", () => "héllo", "héllo", "text/plain; charset=utf-8"],
    ["a Uint8Array", () => new TextEncoder().encode("bytes"), "bytes", "application/octet-stream"],
    [
      "an ArrayBuffer",
      () => new TextEncoder().encode("buffer").buffer as ArrayBuffer,
      "buffer",
      "application/octet-stream",
    ],
    ["a typed Blob", () => new Blob(["png"], { type: "image/png" }), "png", "image/png"],
    ["an untyped Blob", () => new Blob(["blob"]), "blob", "application/octet-stream"],
    ["a ReadableStream", () => streamOf("str", "eam"), "stream", "application/octet-stream"],
  ];

  it.each(cases)("%s is sent verbatim with its default content type", async (_name, make, body, type) => {
    const { fake, ns } = setup([respond(201)]);
    await ns.put("k", make());
    expect(fake.calls[0]!.method).toBe("PUT");
    expect(text(fake.calls[0]!.body)).toBe(body);
    expect(fake.calls[0]!.headers.get("content-type")).toBe(type);
  });

  it("a view into a larger buffer sends only its bytes", async () => {
    const { fake, ns } = setup([respond(201)]);
    const whole = new TextEncoder().encode("xxMIDDLExx");
    await ns.put("k", whole.subarray(2, 8));
    expect(text(fake.calls[0]!.body)).toBe("MIDDLE");
  });

  it("an explicit contentType wins over every default", async () => {
    const { fake, ns } = setup(respond(201));
    await ns.put("k", "x", { contentType: "application/xml" });
    await ns.put("k", new Blob(["x"], { type: "image/png" }), { contentType: "image/webp" });
    expect(fake.calls.map((c) => c.headers.get("content-type"))).toEqual(["application/xml", "image/webp"]);
  });

  it("a zero-byte value is a value", async () => {
    const { fake, ns } = setup([respond(201)]);
    await ns.put("k", "");
    expect(fake.calls[0]!.body.byteLength).toBe(0);
  });

  it("putJson sends JSON with application/json", async () => {
    const { fake, ns } = setup([respond(201)]);
    await ns.putJson("k", { a: [1, 2] });
    expect(JSON.parse(text(fake.calls[0]!.body))).toEqual({ a: [1, 2] });
    expect(fake.calls[0]!.headers.get("content-type")).toBe("application/json");
  });

  it("putJson of a value JSON cannot represent rejects (rather than throwing synchronously)", async () => {
    const { fake, ns } = setup([]);
    let pending: Promise<unknown> | undefined;
    expect(() => {
      pending = ns.putJson("k", undefined);
    }).not.toThrow();
    await expect(pending).rejects.toBeInstanceOf(TypeError);
    expect(fake.calls).toHaveLength(0);
  });

  it.each([null, 42, { a: 1 }, [1]])(
    "an unsupported value %j is a TypeError before any request",
    async (value) => {
      const { fake, ns } = setup([]);
      const error = await caught(() => ns.put("k", value as unknown as KvPutValue));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/putJson/);
      expect(fake.calls).toHaveLength(0);
    },
  );
});

describe("put: limits, TTL and result", () => {
  it("1,048,576 bytes are sent; 1,048,577 are refused with 413 before any request", async () => {
    const { fake, ns } = setup([respond(201)]);
    await ns.put("k", new Uint8Array(1_048_576));
    expect(fake.calls[0]!.body.byteLength).toBe(1_048_576);
    for (const big of [
      new Uint8Array(1_048_577),
      "x".repeat(1_048_577),
      new Blob([new Uint8Array(1_048_577)]),
    ]) {
      const error = (await caught(() => ns.put("k", big))) as KvValidationError;
      expect(error).toBeInstanceOf(KvValidationError);
      expect(error.status).toBe(413);
      expect(error.input).toBe("value size");
    }
    // A multi-byte string is measured in UTF-8 bytes, not characters.
    await expect(ns.put("k", "é".repeat(524_289))).rejects.toBeInstanceOf(KvValidationError);
    expect(fake.calls).toHaveLength(1);
  });

  it("ttlSeconds travels as ttl_secs; without it there is no query", async () => {
    const { fake, ns } = setup(respond(201));
    await ns.put("k", "v", { ttlSeconds: 3600 });
    await ns.put("k", "v");
    expect(fake.calls[0]!.url.searchParams.get("ttl_secs")).toBe("3600");
    expect(fake.calls[1]!.url.search).toBe("");
  });

  it("created is true on 201 and false on 200", async () => {
    const { ns } = setup([respond(201), respond(200)]);
    expect(await ns.put("k", "v")).toEqual({ created: true });
    expect(await ns.put("k", "v")).toEqual({ created: false });
  });

  it("a replayable body is sent again on a 503", async () => {
    const { fake, ns } = setup([respond(503), respond(201)]);
    await ns.put("k", new Blob(["again"]));
    expect(fake.calls.map((c) => text(c.body))).toEqual(["again", "again"]);
  });

  it("a stream body is not retried on a 503", async () => {
    const { fake, ns } = setup([respond(503), respond(201)]);
    const error = (await caught(() => ns.put("k", streamOf("once")))) as KvHttpError;
    expect(error).toBeInstanceOf(KvHttpError);
    expect(error.status).toBe(503);
    expect(fake.calls).toHaveLength(1);
  });
});

describe("get: KvValue", () => {
  const stored = () => respond(200, '{"n":1}', { "content-type": "application/json", "content-length": "7" });

  it("exposes contentType and size, and reads bytes, text and json (repeatedly)", async () => {
    const { ns } = setup([stored()]);
    const value = (await ns.get("k"))!;
    expect(value.contentType).toBe("application/json");
    expect(value.size).toBe(7);
    expect(text(await value.bytes())).toBe('{"n":1}');
    expect(await value.text()).toBe('{"n":1}');
    expect(await value.json()).toEqual({ n: 1 });
    expect(await value.text()).toBe('{"n":1}');
  });

  it("without headers: octet-stream and an unknown size", async () => {
    const { ns } = setup([respond(200, new Uint8Array([1, 2, 3]))]);
    const value = (await ns.get("k"))!;
    expect(value.contentType).toBe("application/octet-stream");
    expect(value.size).toBeUndefined();
    expect([...(await value.bytes())]).toEqual([1, 2, 3]);
  });

  it("stream gives the body; bytes() afterwards is refused; stream after bytes() replays", async () => {
    const { ns } = setup([stored(), stored()]);
    const first = (await ns.get("k"))!;
    expect(await new Response(first.stream).text()).toBe('{"n":1}');
    await expect(first.bytes()).rejects.toBeInstanceOf(TypeError);
    const second = (await ns.get("k"))!;
    await second.bytes();
    expect(await new Response(second.stream).text()).toBe('{"n":1}');
  });

  it("getText, getJson and getBytes read the value, or null when missing", async () => {
    const { ns } = setup([stored(), stored(), stored(), respond(404), respond(404), respond(404)]);
    expect(await ns.getText("k")).toBe('{"n":1}');
    expect(await ns.getJson<{ n: number }>("k")).toEqual({ n: 1 });
    expect(text((await ns.getBytes("k"))!)).toBe('{"n":1}');
    expect(await ns.getText("k")).toBeNull();
    expect(await ns.getJson("k")).toBeNull();
    expect(await ns.getBytes("k")).toBeNull();
  });

  it("a stored empty value is the empty string, not null", async () => {
    const { ns } = setup([respond(200, "")]);
    expect(await ns.getText("k")).toBe("");
  });
});

describe("put with bufferStreams (platforms without streaming uploads)", () => {
  function buffered(steps: FakeStep[]) {
    const fake = fakeFetch(steps);
    const ns = createKvClient({
      apiKey: "key-1234",
      fetch: fake.fetch,
      bufferStreams: true,
      retry: { baseDelayMs: 1 },
    }).namespace(NAMESPACE_ID);
    return { fake, ns };
  }

  it("sends a stream as bytes, so it can be retried", async () => {
    const { fake, ns } = buffered([respond(503), respond(201)]);
    await ns.put("k", streamOf("str", "eam"));
    expect(fake.calls.map((call) => text(call.body))).toEqual(["stream", "stream"]);
  });

  it("refuses a stream past 1 MiB before sending anything", async () => {
    const { fake, ns } = buffered([]);
    const chunk = new Uint8Array(256 * 1024);
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(chunk);
      },
    });
    const error = await caught(() => ns.put("k", endless));
    expect(KvValidationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ input: "value size", status: 413 });
    expect(fake.calls).toHaveLength(0);
    expect(pulled).toBeLessThan(10);
  });
});

describe("json() of a value that is not JSON", () => {
  it("throws a SyntaxError that names the content type and the way out", async () => {
    const { ns } = setup([respond(200, "not json", { "content-type": "text/plain" })]);
    const error = await caught(() => ns.getJson("k"));
    expect(error).toBeInstanceOf(SyntaxError);
    expect((error as Error).message).toMatch(/not JSON \(content type text\/plain/);
    expect((error as Error).message).toMatch(/text\(\) or bytes\(\)/);
  });
});

describe("stream read errors", () => {
  it("arrive as a typed KvNetworkError, like bytes()", async () => {
    const failing = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("part"));
      },
      pull(controller) {
        controller.error(new TypeError("terminated"));
      },
    });
    const { ns } = setup([() => new Response(failing, { status: 200 })]);
    const value = await ns.get("k");
    const reader = value!.stream.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("part");
    const error = await caught(() => reader.read());
    expect((error as { kind?: string }).kind).toBe("network");
    expect(error).toMatchObject({ reachedServer: true });
    expect((error as Error).message).toMatch(/lost the connection while reading the answer/);
  });
});
