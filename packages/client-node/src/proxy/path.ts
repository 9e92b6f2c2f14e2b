import { KvConfigError } from "@telnyx-kv/core";
import {
  decodePathSegment,
  KV_API_VERSION_SEGMENT,
  KV_ERRORS,
  KV_ROUTES,
  type KvRouteName,
  kvErrorForStatus,
  matchKvPath,
  namespaceIdProblem,
} from "@telnyx-kv/core/protocol";
import { quoteInput } from "@telnyx-kv/core/transport";
import { type KvProxyRefusal, refusal } from "./answer.js";

/** The endpoint a proxied path addresses, with its pieces decoded exactly once. */
export type KvProxyRoute =
  | { route: Extract<KvRouteName, "namespaces"> }
  | { route: "namespace"; namespaceId: string }
  | { route: "keys"; namespaceId: string }
  | { route: "key"; namespaceId: string; key: string };

/** Longest request path the proxy reads; a valid one is far shorter (UUID plus a 256-character key, encoded). */
export const KV_PROXY_MAX_PATH_LENGTH = 2048;

const VERSION_PREFIX = `/${KV_API_VERSION_SEGMENT}`;

/** Normalises a mount path to "" (root) or "/a/b" without a trailing slash; anything else is a {@link KvConfigError}. */
export function normalizeMountPath(mountPath: string | undefined, secrets: readonly string[]): string {
  if (mountPath !== undefined && typeof mountPath !== "string") {
    throw new KvConfigError(`mountPath must be a string such as "/kv" (got ${typeof mountPath}).`, {
      option: "mountPath",
    });
  }
  const trimmed = (mountPath ?? "").trim().replace(/\/+$/, "");
  if (trimmed === "") return "";
  if (!trimmed.startsWith("/") || /\/\/|\\|%|\/\.\.?(\/|$)/.test(trimmed)) {
    throw new KvConfigError(
      `mountPath must be a plain absolute path such as "/kv", without "..", "//", "\\" or "%" (got ${quoteInput(trimmed, secrets)}).`,
      { option: "mountPath" },
    );
  }
  return trimmed;
}

/**
 * The problem with a raw path that no URL normalisation may touch: dot segments in any encoding, empty
 * segments (`//`), backslashes and control characters. Checked on the raw and the once-decoded form, so
 * `..`, `%2e%2e`, `%2E%2E` and `a%2F..%2Fb` are all refused, while `%252e` stays a literal (and invalid) `%`.
 * A single trailing slash is left to the route match (which answers it 404, the protocol's one rule).
 * Quoted pieces have `secrets` redacted before they are shortened.
 */
export function rawPathProblem(path: string, secrets: readonly string[]): string | undefined {
  if (path.length > KV_PROXY_MAX_PATH_LENGTH) return "too-long";
  if (!path.startsWith("/")) return "the path must start with /";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
  if (/[\\\u0000-\u001f\u007f]/.test(path)) return "the path contains a backslash or a control character";
  const segments = path.slice(1).split("/");
  if (segments.length > 1 && segments.at(-1) === "") segments.pop();
  for (const raw of segments) {
    if (raw === "") return "the path contains an empty segment (//)";
    const decoded = decodePathSegment(raw);
    if (decoded === undefined) return `segment ${quoteInput(raw, secrets)} is not valid percent-encoding`;
    if (decoded.split("/").some((piece) => piece === "." || piece === "..")) {
      return `segment ${quoteInput(raw, secrets)} is a dot segment (. or ..), which URL normalisation would resolve`;
    }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: a decoded NUL or newline is refused too.
    if (/[\\\u0000-\u001f\u007f]/.test(decoded)) {
      return `segment ${quoteInput(raw, secrets)} decodes to a backslash or a control character`;
    }
  }
  return undefined;
}

/** The refusal of a raw path (400 or 414), or `undefined` when it may be parsed. */
export function rawPathRefusal(path: string, secrets: readonly string[]): KvProxyRefusal | undefined {
  const problem = rawPathProblem(path, secrets);
  if (problem === "too-long")
    return refusal(
      kvErrorForStatus(414),
      `The request path is longer than ${KV_PROXY_MAX_PATH_LENGTH} characters.`,
    );
  return problem ? refusal(KV_ERRORS.badRequest, `Refused request path: ${problem}.`) : undefined;
}

/**
 * Parses a path below the mount into its route: the raw-path security checks first, then core's
 * `matchKvPath` (the protocol's one path rule), then ids and keys decoded once. Every problem is a refusal.
 */
export function parseProxyPath(
  path: string,
  mountPath: string,
  secrets: readonly string[],
): KvProxyRoute | KvProxyRefusal {
  const refused = rawPathRefusal(path, secrets);
  if (refused) return refused;
  if (mountPath !== "" && path !== mountPath && !path.startsWith(`${mountPath}/`)) {
    return refusal(KV_ERRORS.notFound, `This proxy serves only paths under ${mountPath}.`);
  }
  const below = path.slice(mountPath.length);
  // Compared raw: an encoded spelling of "v2" is not the API's path, whatever a decoder makes of it.
  const match = below.startsWith(`${VERSION_PREFIX}/`)
    ? matchKvPath(below.slice(VERSION_PREFIX.length))
    : undefined;
  if (!match) {
    return refusal(
      KV_ERRORS.notFound,
      `No KV endpoint at ${quoteInput(path, secrets)}; KV endpoints live under ${mountPath}${VERSION_PREFIX}${KV_ROUTES.namespaces.template} (no trailing slash).`,
    );
  }
  if (match.route === "namespaces") return { route: "namespaces" };
  const namespaceId = decodePathSegment(match.rawId) ?? match.rawId;
  const idProblem = namespaceIdProblem(namespaceId);
  if (idProblem) {
    return refusal(
      KV_ERRORS.invalidId,
      `Invalid namespace id ${quoteInput(namespaceId, secrets)}: ${idProblem}.`,
    );
  }
  if (match.route !== "key") return { route: match.route, namespaceId };
  // Everything after /keys/ is the key: a raw "/" (as the Go SDK sends it) and "%2F" mean the same.
  const key = decodePathSegment(match.rawKey);
  if (key === undefined)
    return refusal(KV_ERRORS.badRequest, "The key in the path is not valid percent-encoding.");
  return { route: "key", namespaceId, key };
}
