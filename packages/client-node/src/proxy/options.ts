import { KvConfigError, type KvLogger } from "@telnyx-kv/core";
import { KV_MAX_VALUE_BYTES, KV_ROUTES, type KvRouteName } from "@telnyx-kv/core/protocol";
import { normalizeBaseUrl } from "@telnyx-kv/core/transport";
import { compileAllowedOrigins } from "./origin.js";
import { normalizeMountPath } from "./path.js";
import { compilePolicy, grantedAllowHeader, type KvProxyAllow, type KvProxyPolicy } from "./policy.js";
import { compileRateLimit, type KvCallerRateLimit, type KvProxyRateLimit } from "./rate-limit.js";

/** Room above 1 MiB so the API, not the proxy, answers a value that is just too large (same envelope). */
const BODY_MARGIN_BYTES = 16 * 1024;

/** The app's check of the caller; `true` lets the request go on, anything else is a 403. */
export type KvProxyAuthorize = (request: Request) => boolean | Promise<boolean>;

/** Options every proxy takes, whatever its caller check. */
export interface KvProxyBaseOptions {
  /** Telnyx API key added to every forwarded request; browsers never see it. */
  apiKey: string;
  /** API root to forward to; `/v2` is appended when missing. @default "https://api.telnyx.com/v2" */
  baseUrl?: string;
  /** What browser clients may do; everything else is refused with 403. */
  allow: KvProxyAllow;
  /**
   * Other origins whose pages may call the proxy (`"https://app.example.com"`). Requests a browser sends
   * from any other origin are refused with 403 before `authorize` runs; answers to a listed origin carry
   * the CORS headers it needs (credentials included). @default [] (the proxy's own origin only)
   */
  allowedOrigins?: readonly string[];
  /** A per-caller rate limit; a caller over it gets 429 and nothing is forwarded. @default no limit */
  rateLimit?: KvProxyRateLimit;
  /** Largest request body forwarded, in bytes. @default 1064960 (1 MiB + 16 KiB) */
  maxBodyBytes?: number;
  /** Path the proxy is mounted at; browser clients use `baseUrl: "<origin><mountPath>"`. @default "" (the root) */
  mountPath?: string;
  /** The `fetch` used to call the API. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** Receives one line per request the proxy answers itself (refusals, 502s); never the key or the query. @default none */
  logger?: KvLogger;
}

/** A proxy that asks the app who the caller is. */
export interface KvProxyGuardedOptions extends KvProxyBaseOptions {
  /** The app's own check of the caller (session cookie…); false refuses with 403. Must not read the body. */
  authorize: KvProxyAuthorize;
  /** Not with `authorize`. */
  public?: false;
}

/** A proxy that serves every caller who can reach it, said out loud. */
export interface KvProxyPublicOptions extends KvProxyBaseOptions {
  /** Serve every caller that can reach the proxy, with no check of who it is (a public demo, say). */
  public: true;
  /** Not with `public: true`. */
  authorize?: undefined;
}

/** Options of `createKvProxy`: a caller check (`authorize`) is required unless the proxy says `public: true`. */
export type KvProxyOptions = KvProxyGuardedOptions | KvProxyPublicOptions;

/** Everything a request is checked against, resolved once at creation. */
export interface KvProxyConfig {
  apiKey: string;
  /** What is redacted from every refusal and log line: the API key. */
  secrets: readonly string[];
  baseUrl: string;
  policy: KvProxyPolicy;
  /** The OPTIONS answer's `Allow` list of each route, built once from the policy. */
  allowHeaders: ReadonlyMap<KvRouteName, string>;
  allowedOrigins: ReadonlySet<string>;
  /** `undefined` only for a proxy that said `public: true`. */
  authorize: KvProxyAuthorize | undefined;
  callerLimit: KvCallerRateLimit | undefined;
  maxBodyBytes: number;
  mountPath: string;
  fetch: typeof globalThis.fetch;
  logger: KvLogger | undefined;
}

/** Checks the options; every mistake is a {@link KvConfigError} at startup that says how to fix it. */
export function resolveProxyOptions(options: KvProxyOptions): KvProxyConfig {
  if (typeof options?.apiKey !== "string" || options.apiKey.trim() === "") {
    throw new KvConfigError(
      "createKvProxy needs `apiKey`, the server-side Telnyx API key (e.g. process.env.TELNYX_API_KEY).",
      { option: "apiKey", envVar: "TELNYX_API_KEY" },
    );
  }
  const authorize = resolveAuthorize(options);
  const maxBodyBytes = options.maxBodyBytes ?? KV_MAX_VALUE_BYTES + BODY_MARGIN_BYTES;
  if (!(Number.isInteger(maxBodyBytes) && maxBodyBytes >= 0)) {
    throw new KvConfigError(`maxBodyBytes must be a whole number of bytes (got ${maxBodyBytes}).`, {
      option: "maxBodyBytes",
    });
  }
  const secrets = [options.apiKey];
  const policy = compilePolicy(options.allow ?? {}, secrets);
  const routes = Object.keys(KV_ROUTES) as KvRouteName[];
  return {
    apiKey: options.apiKey,
    secrets,
    baseUrl: normalizeBaseUrl(options.baseUrl),
    policy,
    allowHeaders: new Map(routes.map((route) => [route, grantedAllowHeader(route, policy)])),
    allowedOrigins: compileAllowedOrigins(options.allowedOrigins, secrets),
    authorize,
    callerLimit: compileRateLimit(options.rateLimit),
    maxBodyBytes,
    mountPath: normalizeMountPath(options.mountPath, secrets),
    fetch: options.fetch ?? globalThis.fetch,
    logger: options.logger,
  };
}

function resolveAuthorize(options: KvProxyOptions): KvProxyAuthorize | undefined {
  const isPublic = (options as { public?: unknown }).public;
  if (isPublic !== undefined && typeof isPublic !== "boolean") {
    throw new KvConfigError(`public must be true or left out (got ${typeof isPublic}).`, {
      option: "public",
    });
  }
  const { authorize } = options;
  if (isPublic === true) {
    if (authorize !== undefined) {
      throw new KvConfigError(
        "createKvProxy got both `public: true` and `authorize`; keep `authorize` to check callers, or drop it to serve everyone.",
        { option: "public" },
      );
    }
    return undefined;
  }
  if (typeof authorize !== "function") {
    throw new KvConfigError(
      "createKvProxy needs `authorize`, the app's check of the caller (for example: is there a signed-in session?). Without one, any page, script or curl that can reach the proxy spends your API key. If the proxy really is for everyone, say so with `public: true`.",
      { option: "authorize" },
    );
  }
  return authorize;
}
