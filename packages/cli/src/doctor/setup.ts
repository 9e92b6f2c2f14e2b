import { KvNetworkError, KvTimeoutError } from "@telnyx-kv/core";
import { namespacesPath } from "@telnyx-kv/core/protocol";
import { describe, isHtml, isSuccess } from "./answers.js";
import type { KvFactCheck, KvFactContext } from "./check.js";
import { type KvProbeAnswer, networkCode, rateLimitedWhy } from "./probe.js";

const API_HOST = /(^|\.)telnyx\.com$/i;
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/;
// A clock this far off makes TTLs and timestamps misleading to read, though requests still work.
const MAX_SKEW_S = 60;

/** Why a base URL cannot work, decided from the URL alone (no request is sent), or `undefined`. */
export function baseUrlProblem(baseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return `The base URL ${JSON.stringify(baseUrl)} is not an absolute URL: use https://api.telnyx.com/v2, or the emulator's URL such as http://127.0.0.1:8787/v2.`;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return `The base URL ${url.origin === "null" ? JSON.stringify(baseUrl) : url.origin} uses ${url.protocol}; use https://api.telnyx.com/v2 (or http:// for a local emulator).`;
  }
  if (url.protocol === "http:" && API_HOST.test(url.hostname)) {
    return `The base URL ${url.origin} uses HTTP: the Telnyx API answers only HTTPS, and the API key must not travel unencrypted. Use --base-url https://${url.host}/v2.`;
  }
  return undefined;
}

/** The one line that says why the setup request failed, or `undefined` when it reached the KV API. */
export function setupProblem(ctx: KvFactContext): string | undefined {
  const url = `${ctx.baseUrl}/${namespacesPath()}`;
  const origin = safeOrigin(ctx.baseUrl);
  const error = ctx.setupError;
  const limited = rateLimitedWhy(error);
  if (limited) return `GET ${url} was ${limited}.`;
  if (error !== undefined) {
    if (KvTimeoutError.isInstance(error)) {
      return `No answer from ${origin} within ${error.timeoutMs} ms: check the host, the network, a VPN or proxy, or raise --timeout.`;
    }
    const code = networkCode(KvNetworkError.isInstance(error) ? error.cause : error) ?? "";
    if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
      return `Cannot resolve the host ${safeHost(ctx.baseUrl)} (${code}): check the host in --base-url / TELNYX_BASE_URL (the API is https://api.telnyx.com/v2).`;
    }
    if (code === "ECONNREFUSED") {
      return `Nothing listens at ${origin} (ECONNREFUSED): check the host and port in --base-url / TELNYX_BASE_URL, or start the emulator.`;
    }
    if (TLS_CODES.test(code)) {
      return `The TLS connection to ${origin} failed (${code}): a proxy that intercepts HTTPS may be in the way; give Node its certificate with NODE_EXTRA_CA_CERTS.`;
    }
    const message = error instanceof Error ? error.message : String(error);
    return `The connection to ${origin} failed${code ? ` (${code})` : ""}: ${message} Check the host and the network.`;
  }
  const answer = ctx.setup;
  if (!answer) return "The setup request was not sent.";
  if (answer.status === 401) {
    return `The API key was refused (GET ${url} answered ${describe(answer)}): check --api-key / TELNYX_API_KEY; create a key in the Telnyx portal under API Keys.`;
  }
  if (answer.status === 403) {
    return `The API key is valid but may not use KV (GET ${url} answered ${describe(answer)}): use a key of an account with Storage / KV access.`;
  }
  if (answer.status === 407) {
    return `A proxy asks for credentials (407) before ${origin}: configure HTTPS_PROXY with its user, or bypass it with NO_PROXY.`;
  }
  if (isHtml(answer)) {
    return isSuccess(answer) || (answer.status >= 300 && answer.status < 400)
      ? `GET ${url} answered an HTML page (${answer.status} ${answer.contentType || "no content-type"}) instead of the KV API's JSON: a captive portal or a proxy is in the way; sign in to the network or bypass the proxy.`
      : `GET ${url} answered ${answer.status} with an HTML page: this host is not the Telnyx KV API; check --base-url / TELNYX_BASE_URL (the API is https://api.telnyx.com/v2).`;
  }
  if (answer.status === 404) {
    return `GET ${url} answered 404: there is no KV API at this base URL; check the host and path of --base-url / TELNYX_BASE_URL (the API is https://api.telnyx.com/v2).`;
  }
  if (answer.status >= 500) {
    return `GET ${url} answered ${describe(answer)}: the service or a gateway before it failed; try again later.`;
  }
  if (!isListing(answer)) {
    return `GET ${url} answered ${answer.status} ${answer.contentType || "without a content-type"}, not a KV namespace listing: this host is not the Telnyx KV API, or a proxy rewrites answers.`;
  }
  return undefined;
}

function isListing(answer: KvProbeAnswer): boolean {
  const json = answer.json as { data?: unknown; meta?: unknown } | undefined;
  return isSuccess(answer) && Array.isArray(json?.data) && typeof json?.meta === "object";
}

function safeOrigin(baseUrl: string): string {
  try {
    return new URL(baseUrl).origin;
  } catch {
    return baseUrl;
  }
}

function safeHost(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

const reached = (ctx: KvFactContext) => ctx.setup !== undefined;

/** The one request of the setup, sent by the run before any row: the authenticated listing. */
export const SETUP_REQUESTS = 1;

/** The setup rows: the URL, `/v2`, reachability, the key, the clock. */
export const SETUP_CHECKS: readonly KvFactCheck[] = [
  {
    id: "setup.base-url",
    section: "Setup",
    fact: "Base URL https://api.telnyx.com/v2 (HTTPS)",
    kind: "setup",
    expected: "an absolute http(s) URL; HTTPS for *.telnyx.com",
    phase: "setup",
    requests: 0,
    async run(ctx) {
      const problem = baseUrlProblem(ctx.givenBaseUrl);
      return problem
        ? { ok: false, observed: ctx.givenBaseUrl, why: problem }
        : { ok: true, observed: ctx.givenBaseUrl };
    },
  },
  {
    id: "setup.v2",
    section: "Setup",
    fact: "TELNYX_BASE_URL with or without /v2: normalise both",
    kind: "setup",
    expected: "requests go to <base>/v2/storage/kvs",
    phase: "setup",
    requests: 0,
    async run(ctx) {
      if (!reached(ctx)) return { skipped: "the base URL did not answer" };
      const appended = ctx.givenBaseUrl.replace(/\/+$/, "") !== ctx.baseUrl;
      const observed = `${ctx.givenBaseUrl} → ${ctx.baseUrl}${appended ? " (/v2 appended)" : ""}, GET …/storage/kvs answered ${ctx.setup?.status}`;
      return { ok: ctx.baseUrl.endsWith("/v2") && ctx.setup?.status !== 404, observed };
    },
  },
  {
    id: "setup.reachable",
    section: "Setup",
    fact: "The base URL answers as the KV API",
    kind: "setup",
    expected: "GET /storage/kvs answers a JSON listing",
    phase: "setup",
    // The setup request is the run's own (SETUP_REQUESTS), read by every setup row.
    requests: 0,
    async run(ctx) {
      const problem = setupProblem(ctx);
      const answer = ctx.setup;
      if (!answer) return { ok: false, observed: "no answer", why: problem ?? "" };
      if (answer.status === 401 || answer.status === 403) return { skipped: "the API key was refused" };
      const observed = `${describe(answer)} ${answer.contentType || "(no content-type)"} in ${Math.round(answer.receivedAt - answer.sentAt)} ms`;
      return problem ? { ok: false, observed, why: problem } : { ok: true, observed };
    },
  },
  {
    id: "setup.auth",
    section: "Setup",
    // Never the word "bearer" here: redaction takes whatever follows it (even on the next line) for a token.
    fact: "Auth: the API key in the Authorization header",
    kind: "setup",
    expected: "the key is accepted (2xx)",
    phase: "setup",
    requests: 0,
    async run(ctx) {
      const answer = ctx.setup;
      if (!answer) return { skipped: "the base URL did not answer" };
      if (answer.status === 401 || answer.status === 403)
        return { ok: false, observed: describe(answer), why: setupProblem(ctx) ?? "" };
      if (!isSuccess(answer) || isHtml(answer)) return { skipped: "the base URL is not the KV API" };
      return { ok: true, observed: describe(answer) };
    },
  },
  {
    id: "setup.clock",
    section: "Setup",
    fact: "Local clock agrees with the server's Date header",
    kind: "setup",
    expected: `within ±${MAX_SKEW_S} s`,
    phase: "setup",
    advisory: true,
    requests: 0,
    async run(ctx) {
      const answer = ctx.setup;
      const date = answer?.headers.get("date");
      if (!answer || !date) return { skipped: "no Date header in the answer" };
      const server = Date.parse(date);
      if (Number.isNaN(server))
        return { ok: false, observed: `Date: ${date}`, why: "the Date header is not a date" };
      // Date has whole seconds: compare with the middle of the request, and ignore sub-second noise.
      const skew = (server - (answer.sentAt + answer.receivedAt) / 2) / 1000;
      const shown =
        Math.abs(skew) < 1
          ? "under 1 s"
          : `${skew > 0 ? "server ahead by" : "server behind by"} ${Math.abs(skew).toFixed(0)} s`;
      return Math.abs(skew) <= MAX_SKEW_S
        ? { ok: true, observed: shown }
        : {
            ok: false,
            observed: shown,
            why: "set the local clock (NTP): TTL expiry and updated_at will look wrong",
          };
    },
  },
];
