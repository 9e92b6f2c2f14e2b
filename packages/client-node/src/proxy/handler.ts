import { KV_ERRORS, KV_MAX_VALUE_BYTES } from "@telnyx-kv/core/protocol";
import { reachedServer, redactText, redactUrl } from "@telnyx-kv/core/transport";
import { traceForward } from "../request-tracing.js";
import { isTraced, type KvRequestTraceContext, requestChannel } from "../tracing-channels.js";
import {
  isRefusal,
  type KvProxyRefusal,
  markUpstreamReset,
  redactRefusal,
  refusal,
  refusalResponse,
} from "./answer.js";
import { capBody, declaredLengthProblem, type KvCappedBody } from "./body.js";
import { corsHeaders, withCors } from "./cors.js";
import { downstreamResponseHeaders, upstreamRequestHeaders } from "./headers.js";
import { type KvNodeHandler, toNodeHandler } from "./node.js";
import { type KvProxyConfig, type KvProxyOptions, resolveProxyOptions } from "./options.js";
import { crossSiteRefusal } from "./origin.js";
import { type KvProxyRoute, parseProxyPath } from "./path.js";
import { type KvProxyPlan, planRequest } from "./policy.js";

/** A web-standard request handler, with `node` as its `node:http` adapter. */
export type KvProxyHandler = ((request: Request) => Promise<Response>) & {
  /** The same handler as a `node:http` listener `(req, res) => void`. */
  readonly node: KvNodeHandler;
};

/**
 * Creates a proxy that lets browser clients use KV with the server's key, within an allowlist. Requests a
 * browser sends from another origin are refused first, then `authorize` decides (unless `public: true`),
 * then the allowlist, then the caller's rate limit; only what passes all four is forwarded.
 */
export function createKvProxy(options: KvProxyOptions): KvProxyHandler {
  const config = resolveProxyOptions(options);
  const handler = (request: Request) => handle(request, config);
  return Object.assign(handler, {
    node: toNodeHandler(
      handler,
      (method, path, refused) => settleRefusal(config, method, path, refused),
      config.secrets,
    ),
  });
}

/**
 * The refusal as it is answered and logged: one line per answer the proxy gives itself (method, path
 * without the query, status and why). Details quote the request's parts with the key already redacted
 * (core's `quoteInput`); this cuts it out once more from the whole answer and from every logged field.
 */
function settleRefusal(
  config: KvProxyConfig,
  method: string,
  path: string,
  refused: KvProxyRefusal,
): KvProxyRefusal {
  const clean = (text: string) => redactText(text, config.secrets);
  const settled = redactRefusal(refused, config.secrets);
  // Redacted, then shortened: cutting first could leave a piece of the key that no longer matches it.
  config.logger?.debug(`proxy refused ${clean(method)} ${clean(path).slice(0, 300)} -> ${settled.status}`, {
    status: settled.status,
    code: settled.code,
    detail: settled.detail,
  });
  return settled;
}

/** OPTIONS is answered here, before `authorize` (preflights carry no credentials): the granted methods. */
function optionsResponse(allow: string): Response {
  return new Response(null, { status: 204, headers: { allow } });
}

async function handle(request: Request, config: KvProxyConfig): Promise<Response> {
  const url = new URL(request.url);
  const route = parseProxyPath(url.pathname, config.mountPath, config.secrets);
  const allow = isRefusal(route) ? undefined : config.allowHeaders.get(route.route);
  return withCors(
    await answer(request, url, route, config),
    corsHeaders(request, config.allowedOrigins, allow),
  );
}

/** The answer before CORS: the checks in order, then the forwarded call. */
async function answer(
  request: Request,
  url: URL,
  route: KvProxyRoute | KvProxyRefusal,
  config: KvProxyConfig,
): Promise<Response> {
  const refuse = (refused: KvProxyRefusal): Response =>
    refusalResponse(settleRefusal(config, request.method, url.pathname, refused));
  const crossSite = crossSiteRefusal(request, config.allowedOrigins, config.secrets);
  if (crossSite) return refuse(crossSite);
  if (isRefusal(route)) return refuse(route);
  if (request.method === "OPTIONS") return optionsResponse(config.allowHeaders.get(route.route) ?? "OPTIONS");
  if (config.authorize) {
    let allowed: boolean;
    try {
      allowed = (await config.authorize(request)) === true;
    } catch {
      // Fail closed, and say nothing of why: the error may describe the app's session store.
      return refuse(
        refusal(KV_ERRORS.unexpected, "The proxy's authorize() check failed; nothing was forwarded."),
      );
    }
    if (!allowed)
      return refuse(refusal(KV_ERRORS.authorizationFailed, "The application refused this request."));
  }
  const plan = planRequest(route, request.method, url.search, config.policy, config.secrets);
  if (isRefusal(plan)) return refuse(plan);
  const declared = plan.hasBody ? request.headers.get("content-length") : null;
  if (plan.hasBody) {
    const problem = declaredLengthProblem(declared, config.maxBodyBytes);
    if (problem === "invalid")
      return refuse(refusal(KV_ERRORS.badRequest, "The content-length header is not a number."));
    if (problem === "too-large") return refuse(tooLarge(config.maxBodyBytes));
  }
  if (config.callerLimit) {
    const overLimit = await config.callerLimit.spend(request);
    if (overLimit) return refuse(overLimit);
  }
  const body: KvCappedBody | undefined =
    plan.hasBody && request.body ? capBody(request.body, config.maxBodyBytes) : undefined;
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
    upstream = isTraced(requestChannel)
      ? await traceForward(forwardContext(plan, route, request.method, body ? declared : "0", config), () =>
          config.fetch(target, init),
        )
      : await config.fetch(target, init);
  } catch (error) {
    if (body?.overflowed()) return refuse(tooLarge(config.maxBodyBytes));
    const failed = refuse(
      refusal(KV_ERRORS.badGateway, "The proxy got no answer from the KV API; try again."),
    );
    // Refused or unresolvable: provably never sent. Anything else may have been applied upstream.
    return reachedServer(error) === false || request.signal.aborted ? failed : markUpstreamReset(failed);
  }
  // The API's own answers, its 429 with x-ratelimit-* included, pass through unchanged.
  return new Response(upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: downstreamResponseHeaders(upstream.headers),
  });
}

/** The `telnyx-kv:request` context of a forward: the upstream URL without query or key, and what it concerns. */
function forwardContext(
  plan: KvProxyPlan,
  route: KvProxyRoute,
  method: string,
  declaredLength: string | null,
  config: KvProxyConfig,
): KvRequestTraceContext {
  const context: KvRequestTraceContext = {
    operation: plan.operation.name,
    method,
    url: redactUrl(`${config.baseUrl}/${plan.path}`, config.secrets),
    attempt: 0,
    via: "proxy",
  };
  if ("namespaceId" in route) context.namespaceId = route.namespaceId;
  if ("key" in route) context.key = route.key;
  // A streamed body's size is known only when the browser declared it (a declared length was checked above).
  if (declaredLength !== null) context.bytesSent = Number(declaredLength);
  return context;
}

function tooLarge(limit: number): KvProxyRefusal {
  return refusal(
    KV_ERRORS.payloadTooLarge,
    `The request body is larger than ${limit} bytes; KV values are at most ${KV_MAX_VALUE_BYTES} bytes (1 MiB).`,
  );
}
