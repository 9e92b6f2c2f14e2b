import { type KvClientOptions, KvConfigError } from "@telnyx-kv/core";

/** Options of the browser client: core's options with browser-safe auth and request defaults. */
export interface KvBrowserClientOptions extends Omit<KvClientOptions, "userAgent" | "bufferStreams"> {
  /**
   * Where requests go; a same-origin proxy (such as client-node's `createKvProxy`) keeps the API key off
   * the page. `/v2` is appended. @default "/kv"
   */
  baseUrl?: string;
  /** A raw API key in the page is readable by any script on it; refused unless this is true. @default false */
  dangerouslyAllowApiKeyInBrowser?: boolean;
  /** Cookies and HTTP auth sent with requests (`RequestInit.credentials`). @default "same-origin" */
  credentials?: RequestCredentials;
}

/** Wraps `fetch` so every request skips the HTTP cache and sends cookies only as configured. */
function browserFetch(
  base: typeof globalThis.fetch,
  credentials: RequestCredentials,
): typeof globalThis.fetch {
  // ky hands over a Request; re-wrapping it keeps its body and signal while setting the browser defaults.
  // `keepalive` stays off: browsers cap keepalive bodies at 64 KiB, far below KV's 1 MiB values.
  return (input, init) =>
    base(new Request(input, { ...init, cache: "no-store", credentials, keepalive: false }));
}

/** Core's options for a browser: the API key refused unless explicitly allowed, and the browser defaults. */
export function toCoreOptions(options: KvBrowserClientOptions): KvClientOptions {
  const { dangerouslyAllowApiKeyInBrowser, credentials, ...core } = options;
  if (core.apiKey !== undefined && dangerouslyAllowApiKeyInBrowser !== true) {
    throw new KvConfigError(
      "An API key in a web page can be read by any script on the page and by every visitor. Serve Telnyx KV through a proxy that holds the key (client-node's createKvProxy) and point baseUrl at it, or pass getToken for short-lived tokens. If this page never reaches untrusted users, set dangerouslyAllowApiKeyInBrowser: true.",
      { option: "apiKey" },
    );
  }
  if (core.fetch === undefined && typeof globalThis.fetch !== "function") {
    throw new KvConfigError("This runtime has no global fetch; pass one as the `fetch` option.", {
      option: "fetch",
    });
  }
  const baseUrl = core.baseUrl ?? "/kv";
  const base = core.fetch ?? globalThis.fetch.bind(globalThis);
  return {
    ...core,
    baseUrl,
    fetch: browserFetch(base, credentials ?? "same-origin"),
    // Browsers set their own User-Agent, and an extra header would only widen CORS preflights.
    userAgent: false,
    // Chromium streams request bodies only over HTTP/2, so a stream is read (up to 1 MiB) and sent whole.
    bufferStreams: true,
  };
}
