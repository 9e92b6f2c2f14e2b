import { reachedServer } from "@telnyx-kv/core/transport";
import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBody, startServer, type TestServer } from "../test/http-server.js";
import { createUndiciFetch } from "./undici-fetch.js";

describe("createUndiciFetch", () => {
  let server: TestServer;
  const agent = new Agent();
  const fetch = createUndiciFetch(agent);
  const seen: Array<{ method: string; url: string; headers: Record<string, unknown>; body: string }> = [];

  beforeAll(async () => {
    server = await startServer(async (req, res) => {
      const body = (await readBody(req)).toString();
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (req.url === "/empty") {
        res.writeHead(204).end();
      } else if (req.url === "/cookies") {
        res.setHeader("set-cookie", ["a=1", "b=2"]);
        res.end("ok");
      } else if (req.url === "/slow") {
        res.writeHead(200, { "content-type": "application/octet-stream" });
        res.write("first");
        setTimeout(() => res.end("second"), 300);
      } else if (req.url === "/hang") {
        res.writeHead(200);
        res.write("partial");
      } else {
        res.writeHead(201, { "content-type": "text/plain", "x-echo": req.headers["x-test"] ?? "" });
        res.end(`echo:${body}`);
      }
    });
  });
  afterAll(async () => {
    await agent.close();
    await server.close();
  });

  it("accepts a global Request, which undici's own fetch refuses", async () => {
    const request = new Request(`${server.origin}/r?q=1`, {
      method: "PUT",
      headers: { "x-test": "yes", "content-type": "text/plain" },
      body: "hello",
    });
    const response = await fetch(request);
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(201);
    expect(response.headers.get("x-echo")).toBe("yes");
    expect(await response.text()).toBe("echo:hello");
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ method: "PUT", url: "/r?q=1", body: "hello" });
    // A one-chunk body goes out with a length, not chunked.
    expect(last.headers["content-length"]).toBe("5");
  });

  it("accepts a string or URL with an init", async () => {
    expect(await (await fetch(`${server.origin}/s`, { method: "POST", body: "x" })).text()).toBe("echo:x");
    expect(await (await fetch(new URL(`${server.origin}/u`))).text()).toBe("echo:");
  });

  it("encodes FormData, URLSearchParams and Blob bodies as fetch does", async () => {
    const form = await fetch(`${server.origin}/form`, {
      method: "POST",
      body: new URLSearchParams({ a: "1" }),
    });
    expect(await form.text()).toBe("echo:a=1");
    expect(seen.at(-1)!.headers["content-type"]).toContain("application/x-www-form-urlencoded");
    const blob = await fetch(`${server.origin}/blob`, {
      method: "POST",
      body: new Blob(["xyz"], { type: "a/b" }),
    });
    expect(await blob.text()).toBe("echo:xyz");
    expect(seen.at(-1)!.headers["content-type"]).toBe("a/b");
  });

  it("streams a request body of many chunks", async () => {
    const parts = ["a", "b", "c", "d"];
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = parts.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    const request = new Request(`${server.origin}/stream`, {
      method: "PUT",
      body,
      duplex: "half",
    } as RequestInit);
    expect(await (await fetch(request)).text()).toBe("echo:abcd");
    expect(seen.at(-1)!.headers["transfer-encoding"]).toBe("chunked");
  });

  it("answers with a streaming body before the server finishes", async () => {
    const started = Date.now();
    const response = await fetch(`${server.origin}/slow`);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe("first");
    expect(Date.now() - started).toBeLessThan(250);
    let rest = "";
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      rest += new TextDecoder().decode(next.value);
    }
    expect(rest).toBe("second");
  });

  it("gives 204 a null body and keeps repeated headers", async () => {
    const empty = await fetch(`${server.origin}/empty`);
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
    const cookies = await fetch(`${server.origin}/cookies`);
    expect(cookies.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
  });

  it("honours an abort before the answer and during the body", async () => {
    const early = new AbortController();
    early.abort(new Error("early"));
    await expect(fetch(`${server.origin}/x`, { signal: early.signal })).rejects.toThrow("early");
    const late = new AbortController();
    const response = await fetch(`${server.origin}/hang`, { signal: late.signal });
    const reader = response.body!.getReader();
    await reader.read();
    late.abort();
    await expect(reader.read()).rejects.toBeDefined();
  });

  it("reports connection failures with the socket error's code, as reachedServer() reads it", async () => {
    const closed = await startServer(() => {});
    const origin = closed.origin;
    await closed.close();
    const error = await fetch(`${origin}/x`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect(reachedServer(error)).toBe(false);
    expect(((error as Error).cause as { code?: string }).code).toBe("ECONNREFUSED");
  });
});
