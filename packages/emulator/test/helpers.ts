/** A tiny fetch-based client for the emulator's wire API, plus raw node:http access for odd paths. */
import { randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import {
  type KvErrorEnvelope,
  type KvKeyListEnvelope,
  type KvNamespaceEnvelope,
  type KvNamespaceListEnvelope,
  keyListProblem,
  namespaceEnvelopeProblem,
  namespaceListProblem,
} from "@telnyx-kv/core/protocol";
import { expect } from "vitest";

/** Something that serves the API: `url` ends in `/v2`. */
export interface Served {
  url: string;
}

/** A response read to the end. */
export interface Res {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
  text: string;
  json<T>(): T;
  /** The body as `{"data": <namespace>}`, asserted with core's `namespaceEnvelopeProblem`. */
  namespace(): KvNamespaceEnvelope;
  /** The body as a namespace listing, asserted with core's `namespaceListProblem`. */
  namespaceList(): KvNamespaceListEnvelope;
  /** The body as a key listing, asserted with core's `keyListProblem`. */
  keyList(): KvKeyListEnvelope;
}

/** Asserts that one of core's wire-shape guards found nothing wrong with a 2xx answer's body. */
export function expectWireShape(
  res: { status: number; text: string },
  guard: (value: unknown) => string | undefined,
): void {
  const where = `${res.status} ${res.text.slice(0, 300)}`;
  expect(res.status, where).toBeGreaterThanOrEqual(200);
  expect(res.status, where).toBeLessThan(300);
  const problem = guard(JSON.parse(res.text));
  expect(problem, where).toBeUndefined();
}

export interface ReqOptions {
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  /** Query string without `?`, or pairs encoded with URLSearchParams. */
  query?: string | Record<string, string | number>;
  /** Overrides the client's token; `null` sends no Authorization header. */
  token?: string | null;
}

/** A fresh token is a fresh account: per-test isolation on a shared server. */
export function freshToken(): string {
  return `tok-${randomUUID()}`;
}

/** A fresh valid namespace name. */
export function freshName(prefix = "ns"): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export const RFC3339_NANOS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Path of a key, `/` sent as `%2F` like the official Node SDK. */
export function keyPath(id: string, key: string): string {
  return `/storage/kvs/${id}/keys/${encodeURIComponent(key)}`;
}

function queryString(query: ReqOptions["query"]): string {
  if (query === undefined) return "";
  if (typeof query === "string") return query ? `?${query}` : "";
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : "";
}

async function readRes(response: Response): Promise<Res> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  const res: Res = {
    status: response.status,
    headers: response.headers,
    bytes,
    text,
    json<T>() {
      return JSON.parse(text) as T;
    },
    namespace() {
      expectWireShape(res, namespaceEnvelopeProblem);
      return res.json<KvNamespaceEnvelope>();
    },
    namespaceList() {
      expectWireShape(res, namespaceListProblem);
      return res.json<KvNamespaceListEnvelope>();
    },
    keyList() {
      expectWireShape(res, keyListProblem);
      return res.json<KvKeyListEnvelope>();
    },
  };
  return res;
}

/** One account on one server. */
export class Api {
  constructor(
    readonly served: Served,
    readonly token: string | null = freshToken(),
  ) {}

  /** `path` is relative to the `/v2` base URL, e.g. `/storage/kvs`. */
  async req(method: string, path: string, options: ReqOptions = {}): Promise<Res> {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? this.token : options.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${this.served.url}${path}${queryString(options.query)}`, {
      method,
      headers,
      body: options.body,
    });
    return readRes(response);
  }

  createNamespace(name: string = freshName()): Promise<Res> {
    return this.req("POST", "/storage/kvs", {
      body: JSON.stringify({ name }),
      headers: { "content-type": "application/json" },
    });
  }

  getNamespace(id: string): Promise<Res> {
    return this.req("GET", `/storage/kvs/${id}`);
  }

  /** Polls a namespace until it has `status` (bounded by attempts, not by time). */
  async waitForStatus(id: string, status: string, attempts = 200): Promise<void> {
    for (let i = 0; i < attempts; i++) {
      const res = await this.getNamespace(id);
      if (res.status === 200 && res.namespace().data.status === status) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`namespace ${id} never reached ${status}`);
  }

  /** Creates a namespace and waits until it is `provision_ok`; returns its id. */
  async readyNamespace(name?: string): Promise<string> {
    const res = await this.createNamespace(name);
    expect(res.status).toBe(201);
    const id = res.namespace().data.id;
    await this.waitForStatus(id, "provision_ok");
    return id;
  }

  put(id: string, key: string, body: string | Uint8Array, options: ReqOptions = {}): Promise<Res> {
    return this.req("PUT", keyPath(id, key), { ...options, body });
  }

  get(id: string, key: string, options: ReqOptions = {}): Promise<Res> {
    return this.req("GET", keyPath(id, key), options);
  }

  del(id: string, key: string, options: ReqOptions = {}): Promise<Res> {
    return this.req("DELETE", keyPath(id, key), options);
  }

  list(id: string, query: ReqOptions["query"] = {}): Promise<Res> {
    return this.req("GET", `/storage/kvs/${id}/keys`, { query });
  }

  /** Lists a namespace to the end; returns every page's keys in order and the number of pages. */
  async listAll(
    id: string,
    query: Record<string, string | number> = {},
  ): Promise<{ keys: string[]; pages: number }> {
    const keys: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await this.list(id, cursor === undefined ? query : { ...query, cursor });
      expect(res.status).toBe(200);
      const body = res.keyList();
      keys.push(...body.data.map((k) => k.key));
      cursor = body.meta.cursor;
      pages++;
      if (pages > 100_000) throw new Error("listing never ends");
    } while (cursor !== undefined);
    return { keys, pages };
  }
}

/** Asserts the documented error envelope: JSON, `errors[0].code` a string, `title` and `detail` present. */
export function expectError(res: Res, status: number, code?: string): KvErrorEnvelope {
  expect(res.status, `status for body ${res.text.slice(0, 300)}`).toBe(status);
  expectEnvelope(res);
  const body = res.json<KvErrorEnvelope>();
  if (code !== undefined) expect(body.errors[0]!.code).toBe(code);
  return body;
}

/** Asserts the envelope shape only (any status). */
export function expectEnvelope(res: { headers: Headers; text: string }): void {
  expect(res.headers.get("content-type") ?? "").toMatch(/application\/json/);
  const body = JSON.parse(res.text) as KvErrorEnvelope;
  expect(Array.isArray(body.errors)).toBe(true);
  expect(body.errors.length).toBeGreaterThan(0);
  const first = body.errors[0]!;
  expect(typeof first.code).toBe("string");
  expect(first.code).toMatch(/^\d+$/);
  expect(typeof first.title).toBe("string");
  expect(first.title!.length).toBeGreaterThan(0);
  expect(typeof first.detail).toBe("string");
  expect(first.detail!.length).toBeGreaterThan(0);
}

export interface RawRes {
  status: number;
  headers: Headers;
  text: string;
}

/** A request whose path goes on the wire exactly as given (fetch would normalise `..` and `%2e`). */
export function rawRequest(
  origin: string,
  options: { method: string; path: string; headers?: Record<string, string>; body?: string | Uint8Array },
): Promise<RawRes> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: options.method,
        path: options.path,
        headers: options.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) {
            if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
          }
          resolve({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString("utf8") });
        });
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

/** Runs `worker` over `items` with at most `concurrency` in flight. */
export async function mapLimit<T, R>(
  items: T[],
  concurrency: number,
  worker: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await worker(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, run));
  return results;
}
