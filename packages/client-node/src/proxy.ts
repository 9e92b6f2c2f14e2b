import { KV_MAX_VALUE_BYTES, KvConfigError, normalizeBaseUrl, reachedServer } from "@telnyx-kv/core";
import { isRefusal, markUpstreamReset, refusal, refusalResponse } from "./proxy-answer.js";
import { capBody, declaredLengthProblem, type KvCappedBody } from "./proxy-body.js";
import { downstreamResponseHeaders, upstreamRequestHeaders } from "./proxy-headers.js";
import { type KvNodeHandler, toNodeHandler } from "./proxy-node.js";
import { normalizeMountPath, parseProxyPath } from "./proxy-path.js";
import { compilePolicy, type KvProxyAllow, type KvProxyPolicy, planRequest } from "./proxy-policy.js";

export type { KvNodeHandler } from "./proxy-node.js";
export { toNodeHandler } from "./proxy-node.js";
export type { KvProxyAllow, KvProxyMethod } from "./proxy-policy.js";

/** Room above 1 MiB so the API, not the proxy, answers a value that is just too large (same envelope). */
const BODY_MARGIN_BYTES = 16 * 1024;

/** Options of {@link createKvProxy}. */
export interface KvProxyOptions {
  /** Telnyx API key added to every forwarded request; browsers never see it. */
  apiKey: string;
  /** API root to forward to; `/v2` is appended when missing. @default "https://api.telnyx.com/v2" */
  baseUrl?: string;
  /** What browser clients may do; everything else is refused with 403. */
  allow: KvProxyAllow;
  /** The app's own check of the caller (session cookie…); false refuses with 403. Must not read the body. @default allow every caller */
  authorize?: (request: Request) => boolean | Promise<boolean>;
  /** Largest request body forwarded, in bytes. @default 1064960 (1 MiB + 16 KiB) */
  maxBodyBytes?: number;
  /** Path the proxy is mounted at; browser clients use `baseUrl: "<origin><mountPath>"`. @default "" (the root) */
  mountPath?: string;
  /** The `fetch` used to call the API. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
}

/** A web-standard request handler, with `node` as its `node:http` adapter. */
export type KvProxyHandler = ((request: Request) => Promise<Response>) & {
  /** The same handler as a `node:http` listener `(req, res) => void`. */
  readonly node: KvNodeHandler;
};

interface ProxyConfig {
  apiKey: string;
  baseUrl: string;
  policy: KvProxyPolicy;
  /** The OPTIONS answer's `Allow` list, built once from the policy. */
  allowHeader: string;
  authorize: ((request: Request) => boolean | Promise<boolean>) | undefined;
  maxBodyBytes: number;
  mountPath: string;
  fetch: typeof globalThis.fetch;
}

/** Creates a proxy that lets browser clients use KV with the server's key, within an allowlist. */
export function createKvProxy(options: KvProxyOptions): KvProxyHandler {
  if (typeof options.apiKey !== "string" || options.apiKey.trim() === "") {
    throw new KvConfigError(
      "createKvProxy needs `apiKey`, the server-side Telnyx API key (e.g. process.env.TELNYX_API_KEY).",
      {
        option: "apiKey",
        envVar: "TELNYX_API_KEY",
      },
    );
  }
  const maxBodyBytes = options.maxBodyBytes ?? KV_MAX_VALUE_BYTES + BODY_MARGIN_BYTES;
  if (!(Number.isInteger(maxBodyBytes) && maxBodyBytes >= 0)) {
    throw new KvConfigError(`maxBodyBytes must be a whole number of bytes (got ${maxBodyBytes}).`, {
      option: "maxBodyBytes",
    });
  }
  const policy = compilePolicy(options.allow ?? {});
  const config: ProxyConfig = {
    apiKey: options.apiKey,
    baseUrl: normalizeBaseUrl(options.baseUrl),
    policy,
    allowHeader: allowHeader(policy),
    authorize: options.authorize,
    maxBodyBytes,
    mountPath: normalizeMountPath(options.mountPath),
    fetch: options.fetch ?? globalThis.fetch,
  };
  const handler = (request: Request) => handle(request, config);
  return Object.assign(handler, { node: toNodeHandler(handler) });
}

/** The methods an OPTIONS answer lists: the allowed ones, HEAD with GET, and OPTIONS itself. */
function allowHeader(policy: KvProxyPolicy): string {
  return [...policy.methods, ...(policy.methods.has("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
}

/** OPTIONS is answered here: CORS is the app's concern, so this only tells which methods exist. */
function optionsResponse(allow: string): Response {
  return new Response(null, { status: 204, headers: { allow } });
}

async function handle(request: Request, config: ProxyConfig): Promise<Response> {
  const url = new URL(request.url);
  const route = parseProxyPath(url.pathname, config.mountPath);
  if (isRefusal(route)) return refusalResponse(route);
  if (request.method === "OPTIONS") return optionsResponse(config.allowHeader);
  if (config.authorize) {
    let allowed: boolean;
    try {
      allowed = (await config.authorize(request)) === true;
    } catch {
      // Fail closed, and say nothing of why: the error may describe the app's session store.
      return refusalResponse(refusal(500, "The proxy's authorize() check failed; nothing was forwarded."));
    }
    if (!allowed) return refusalResponse(refusal(403, "The application refused this request."));
  }
  const plan = planRequest(route, request.method, url.search, config.policy);
  if (isRefusal(plan)) return refusalResponse(plan);

  let body: KvCappedBody | undefined;
  const declared = plan.hasBody ? request.headers.get("content-length") : null;
  if (plan.hasBody) {
    const problem = declaredLengthProblem(declared, config.maxBodyBytes);
    if (problem === "invalid")
      return refusalResponse(refusal(400, "The content-length header is not a number."));
    if (problem === "too-large") return refusalResponse(tooLarge(config.maxBodyBytes));
    if (request.body) body = capBody(request.body, config.maxBodyBytes);
  }
  const target = `${config.baseUrl}/${plan.path}${plan.query ? `?${plan.query}` : ""}`;
  const init: RequestInit & { duplex: "half" } = {
    method: request.method,
    headers: upstreamRequestHeaders(
      request.headers,
      config.apiKey,
      body ? (declared ?? undefined) : undefined,
    ),
    redirect: "manual",
    signal: request.signal,
    duplex: "half",
    ...(body ? { body: body.stream } : {}),
  };
  let upstream: Response;
  try {
    upstream = await config.fetch(target, init);
  } catch (error) {
    if (body?.overflowed()) return refusalResponse(tooLarge(config.maxBodyBytes));
    const failed = refusalResponse(refusal(502, "The proxy got no answer from the KV API; try again."));
    // Refused or unresolvable: provably never sent. Anything else may have been applied upstream.
    return reachedServer(error) === false || request.signal.aborted ? failed : markUpstreamReset(failed);
  }
  return new Response(upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: downstreamResponseHeaders(upstream.headers),
  });
}

function tooLarge(limit: number) {
  return refusal(
    413,
    `The request body is larger than ${limit} bytes; KV values are at most ${KV_MAX_VALUE_BYTES} bytes (1 MiB).`,
  );
}
