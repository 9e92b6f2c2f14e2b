/** A scripted, recording stand-in for `fetch`, shared by the core tests (browser-safe: no Node imports). */

/** One request as the fake fetch received it. */
export interface FakeCall {
  method: string;
  url: URL;
  /** Path after the `/v2` root, decoded only as far as the URL parser does (so `%2F` stays `%2F`). */
  path: string;
  headers: Headers;
  body: Uint8Array;
  signal: AbortSignal;
}

/** Produces the answer to one call (or throws / rejects like a failing fetch). */
export type FakeStep = (call: FakeCall) => Response | Promise<Response>;

/** The fake `fetch` and every call it received, in order. */
export interface FakeFetch {
  fetch: typeof globalThis.fetch;
  calls: FakeCall[];
}

/**
 * With an array, answers call n with step n and fails the test on an unexpected extra call; with a function,
 * answers every call with it.
 */
export function fakeFetch(script: FakeStep | FakeStep[]): FakeFetch {
  const calls: FakeCall[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const call: FakeCall = {
      method: request.method,
      url,
      path: url.pathname.replace(/^.*?\/v2\//, ""),
      headers: request.headers,
      body: new Uint8Array(await request.arrayBuffer()),
      signal: request.signal,
    };
    calls.push(call);
    const step = typeof script === "function" ? script : script[calls.length - 1];
    if (!step) throw new Error(`fake fetch: unexpected call ${calls.length}: ${call.method} ${call.url}`);
    return step(call);
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

/** Answers with a status, a body (objects become JSON) and headers. */
export function respond(
  status: number,
  body?: string | Uint8Array | object,
  headers: Record<string, string> = {},
): FakeStep {
  return () => {
    if (body === undefined || status === 204) return new Response(null, { status, headers });
    if (typeof body === "string" || body instanceof Uint8Array)
      return new Response(body as BodyInit, { status, headers });
    return new Response(JSON.stringify(body), {
      status,
      headers: { "content-type": "application/json", ...headers },
    });
  };
}

/** Answers with a Telnyx error envelope. */
export function envelope(
  status: number,
  errors: Array<{ code: string | number; title?: string; detail?: string }>,
  headers: Record<string, string> = {},
): FakeStep {
  return respond(status, { errors }, headers);
}

/** Rejects like a failing fetch. */
export function fail(error: unknown): FakeStep {
  return () => Promise.reject(error);
}

/** A fetch failure as Node's undici reports it: `TypeError("fetch failed")` whose cause carries a code. */
export function networkError(code: string, message = `connect ${code} 127.0.0.1:443`): TypeError {
  const cause = Object.assign(new Error(message), { code });
  return new TypeError("fetch failed", { cause });
}

/** Never answers; rejects with the signal's reason once the request is aborted (timeout or caller). */
export const hang: FakeStep = (call) =>
  new Promise<Response>((_resolve, reject) => {
    if (call.signal.aborted) reject(call.signal.reason);
    call.signal.addEventListener("abort", () => reject(call.signal.reason), { once: true });
  });

/** A namespace record as the API sends it. */
export function namespaceRecord(
  name: string,
  id = "123e4567-e89b-12d3-a456-426614174000",
  status = "provision_ok",
): Record<string, string> {
  return {
    record_type: "storage_kv",
    id,
    name,
    status,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
  };
}

/** A namespace list page as the API sends it. */
export function namespaceList(records: object[], pageNumber = 1, totalPages = 1): object {
  return {
    data: records,
    meta: {
      page_number: pageNumber,
      page_size: 250,
      total_pages: totalPages,
      total_results: records.length,
    },
  };
}

/** Collects an async iterable into an array. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** Runs `fn` and returns what it threw (or rejected with); fails when it succeeds. */
export async function caught(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw, but it succeeded");
}

export const NAMESPACE_ID = "123e4567-e89b-12d3-a456-426614174000";
