import { KvErrorCodes, namespaceIdProblem } from "@telnyx-kv/core";
import { type KvProxyRefusal, quoteInput, refusal } from "./proxy-answer.js";

/** The endpoint a proxied path addresses, with its pieces decoded exactly once. */
export type KvProxyRoute =
  | { kind: "namespaces" }
  | { kind: "namespace"; namespaceId: string }
  | { kind: "keys"; namespaceId: string }
  | { kind: "key"; namespaceId: string; key: string };

/** Longest request path the proxy reads; a valid one is far shorter (UUID plus a 256-character key, encoded). */
export const KV_PROXY_MAX_PATH_LENGTH = 2048;

const API_SEGMENTS = ["v2", "storage", "kvs"] as const;

/** Normalises a mount path to "" (root) or "/a/b" without a trailing slash. */
export function normalizeMountPath(mountPath: string | undefined): string {
  const trimmed = (mountPath ?? "").trim().replace(/\/+$/, "");
  if (trimmed === "") return "";
  if (!trimmed.startsWith("/") || /\/\/|\\|%|\/\.\.?(\/|$)/.test(trimmed)) {
    throw new TypeError(
      `mountPath must be a plain absolute path such as "/kv" (got ${quoteInput(trimmed)}).`,
    );
  }
  return trimmed;
}

/** Decodes a raw segment once; `undefined` for malformed percent-encoding. */
function decodeOnce(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/**
 * The problem with a raw path that no URL normalisation may touch: dot segments in any encoding, empty
 * segments (`//`), backslashes and control characters. Checked on the raw and the once-decoded form, so
 * `..`, `%2e%2e`, `%2E%2E` and `a%2F..%2Fb` are all refused, while `%252e` stays a literal (and invalid) `%`.
 */
export function rawPathProblem(path: string): string | undefined {
  if (path.length > KV_PROXY_MAX_PATH_LENGTH) return "too-long";
  if (!path.startsWith("/")) return "the path must start with /";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
  if (/[\\\u0000-\u001f\u007f]/.test(path)) return "the path contains a backslash or a control character";
  const segments = path.slice(1).split("/");
  for (const raw of segments) {
    if (raw === "") return "the path contains an empty segment (//)";
    const decoded = decodeOnce(raw);
    if (decoded === undefined) return `segment ${quoteInput(raw)} is not valid percent-encoding`;
    if (decoded.split("/").some((piece) => piece === "." || piece === "..")) {
      return `segment ${quoteInput(raw)} is a dot segment (. or ..), which URL normalisation would resolve`;
    }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: a decoded NUL or newline is refused too.
    if (/[\\\u0000-\u001f\u007f]/.test(decoded)) {
      return `segment ${quoteInput(raw)} decodes to a backslash or a control character`;
    }
  }
  return undefined;
}

/** The refusal of a raw path (400 or 414), or `undefined` when it may be parsed. */
export function rawPathRefusal(path: string): KvProxyRefusal | undefined {
  const problem = rawPathProblem(path);
  if (problem === "too-long")
    return refusal(414, `The request path is longer than ${KV_PROXY_MAX_PATH_LENGTH} characters.`);
  return problem ? refusal(400, `Refused request path: ${problem}.`) : undefined;
}

/** Parses a path below the mount into its route; every problem is a refusal (400, 404 or 414). */
export function parseProxyPath(path: string, mountPath: string): KvProxyRoute | KvProxyRefusal {
  const refused = rawPathRefusal(path);
  if (refused) return refused;
  if (mountPath !== "" && path !== mountPath && !path.startsWith(`${mountPath}/`)) {
    return refusal(404, `This proxy serves only paths under ${mountPath}.`);
  }
  const segments = path.slice(mountPath.length + 1).split("/");
  // Compared raw: an encoded spelling of "v2" is not the API's path, whatever a decoder makes of it.
  if (!API_SEGMENTS.every((name, index) => segments[index] === name)) {
    return refusal(
      404,
      `No KV endpoint at ${quoteInput(path)}; KV endpoints live under ${mountPath}/v2/storage/kvs.`,
    );
  }
  const [rawId, keysSegment, ...rawKey] = segments.slice(API_SEGMENTS.length);
  if (rawId === undefined) return { kind: "namespaces" };
  const namespaceId = decodeOnce(rawId) ?? rawId;
  const idProblem = namespaceIdProblem(namespaceId);
  if (idProblem) {
    return {
      ...refusal(400, `Invalid namespace id ${quoteInput(namespaceId)}: ${idProblem}.`),
      code: KvErrorCodes.invalidId,
    };
  }
  if (keysSegment === undefined) return { kind: "namespace", namespaceId };
  if (keysSegment !== "keys") return refusal(404, `No KV endpoint at ${quoteInput(path)}.`);
  if (rawKey.length === 0) return { kind: "keys", namespaceId };
  // Everything after /keys/ is the key: a raw "/" (as the Go SDK sends it) and "%2F" mean the same.
  const key = decodeOnce(rawKey.join("/"));
  if (key === undefined) return refusal(400, "The key in the path is not valid percent-encoding.");
  return { kind: "key", namespaceId, key };
}
