import { KvValidationError } from "./errors.js";
import {
  KV_KEY_PATTERN,
  KV_MAX_KEY_LENGTH,
  KV_MAX_LIST_LIMIT,
  KV_MAX_PAGE_SIZE,
  KV_MAX_TTL_SECONDS,
  KV_MAX_VALUE_BYTES,
  KV_NAMESPACE_NAME_PATTERN,
  KV_UUID_PATTERN,
} from "./limits.js";
import { BAD_REQUEST, INVALID_ID } from "./protocol/errors.js";

/** Whether a key is about to be read (reserved `_` keys allowed) or written / deleted (refused). */
export type KvKeyAccess = "read" | "write";

function show(value: unknown): string {
  if (typeof value !== "string") return String(value);
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}

function fail(
  input: string,
  value: unknown,
  rule: string,
  fix: string,
  status = 400,
  code: string = BAD_REQUEST,
): never {
  throw new KvValidationError(`Invalid ${input} ${show(value)}: ${rule}. ${fix}`, {
    input,
    rule,
    code,
    status,
  });
}

/** The reason a key is invalid, or `undefined` when it is valid. */
export function keyProblem(key: unknown, access: KvKeyAccess = "read"): string | undefined {
  if (typeof key !== "string") return "a key must be a string";
  if (key.length === 0) return "a key must not be empty";
  if (key.length > KV_MAX_KEY_LENGTH)
    return `a key is at most ${KV_MAX_KEY_LENGTH} characters (got ${key.length})`;
  if (!KV_KEY_PATTERN.test(key)) return "a key may contain only a-z, A-Z, 0-9 and - _ / = .";
  if (key === "." || key === "..") return 'the keys "." and ".." cannot be addressed in a URL path';
  if (access === "write" && key.startsWith("_")) return 'keys starting with "_" are reserved for the system';
  return undefined;
}

/** Throws a {@link KvValidationError} unless `key` is a valid key for the given access. */
export function validateKey(key: unknown, access: KvKeyAccess = "read"): asserts key is string {
  const problem = keyProblem(key, access);
  if (problem)
    fail("key", key, problem, "Encode or shorten the key before calling (the cache adapters do this).");
}

/** The reason a list prefix is invalid, or `undefined`; the empty prefix lists everything. */
export function prefixProblem(prefix: unknown): string | undefined {
  if (typeof prefix !== "string") return "a prefix must be a string";
  if (prefix.length === 0) return undefined;
  if (prefix.length > KV_MAX_KEY_LENGTH) return `a prefix is at most ${KV_MAX_KEY_LENGTH} characters`;
  if (!KV_KEY_PATTERN.test(prefix)) return "a prefix may contain only a-z, A-Z, 0-9 and - _ / = .";
  return undefined;
}

/** Throws unless `prefix` can be sent as a list prefix. */
export function validatePrefix(prefix: unknown): asserts prefix is string {
  const problem = prefixProblem(prefix);
  if (problem) fail("prefix", prefix, problem, "Use the same characters keys use.");
}

/** The reason a namespace name is invalid, or `undefined`. */
export function namespaceNameProblem(name: unknown): string | undefined {
  if (typeof name !== "string") return "a namespace name must be a string";
  if (name.length === 0) return "a namespace name must not be empty";
  if (!KV_NAMESPACE_NAME_PATTERN.test(name)) return "a namespace name may contain only a-z, 0-9 and -";
  return undefined;
}

/** Throws unless `name` is a valid namespace name. */
export function validateNamespaceName(name: unknown): asserts name is string {
  const problem = namespaceNameProblem(name);
  if (problem)
    fail("namespace name", name, problem, 'Use lowercase letters, digits and hyphens, e.g. "my-cache".');
}

/** The reason a namespace id is invalid (not a UUID), or `undefined`. */
export function namespaceIdProblem(id: unknown): string | undefined {
  return typeof id === "string" && KV_UUID_PATTERN.test(id) ? undefined : "a namespace id is a UUID";
}

/** Throws unless `id` is a namespace id (a UUID). */
export function validateNamespaceId(id: unknown): asserts id is string {
  const problem = namespaceIdProblem(id);
  if (problem) {
    fail(
      "namespace id",
      id,
      problem,
      "Pass the `id` returned by namespaces.create() or namespaces.list(), not the namespace name.",
      400,
      INVALID_ID,
    );
  }
}

/** The reason a value of `sizeBytes` is refused (over 1 MiB), or `undefined`. */
export function valueSizeProblem(sizeBytes: number): string | undefined {
  return sizeBytes > KV_MAX_VALUE_BYTES
    ? `a value is at most ${KV_MAX_VALUE_BYTES} bytes (1 MiB)`
    : undefined;
}

/** Throws unless a value of `sizeBytes` fits the 1 MiB limit. */
export function validateValueSize(sizeBytes: number): void {
  const problem = valueSizeProblem(sizeBytes);
  if (problem) {
    fail(
      "value size",
      sizeBytes,
      problem,
      "Split the value over several keys or store it elsewhere and keep a reference in KV.",
      413,
    );
  }
}

function integerIn(value: unknown, min: number, max: number): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

/** The reason a list `limit` is invalid (not an integer from 1 to 1000), or `undefined`. */
export function listLimitProblem(limit: unknown): string | undefined {
  return integerIn(limit, 1, KV_MAX_LIST_LIMIT)
    ? undefined
    : `limit is an integer from 1 to ${KV_MAX_LIST_LIMIT}`;
}

/** Throws unless `limit` is an integer from 1 to 1000. */
export function validateListLimit(limit: unknown): asserts limit is number {
  const problem = listLimitProblem(limit);
  if (problem) {
    fail("limit", limit, problem, "Omit it to get the default (1000).");
  }
}

/** The reason a TTL is invalid (not a whole number of seconds from 1 to 9223372036), or `undefined`. */
export function ttlSecondsProblem(ttlSeconds: unknown): string | undefined {
  return integerIn(ttlSeconds, 1, KV_MAX_TTL_SECONDS)
    ? undefined
    : `a TTL is a whole number of seconds from 1 to ${KV_MAX_TTL_SECONDS}`;
}

/** Throws unless `ttlSeconds` is an integer from 1 to 9223372036. */
export function validateTtlSeconds(ttlSeconds: unknown): asserts ttlSeconds is number {
  const problem = ttlSecondsProblem(ttlSeconds);
  if (problem) {
    fail(
      "ttlSeconds",
      ttlSeconds,
      problem,
      "Round it up to whole seconds, or omit it for a key that never expires.",
    );
  }
}

/** Throws unless `pageSize` is an integer from 1 to 250. */
export function validatePageSize(pageSize: unknown): asserts pageSize is number {
  if (!integerIn(pageSize, 1, KV_MAX_PAGE_SIZE)) {
    fail(
      "page size",
      pageSize,
      `page size is an integer from 1 to ${KV_MAX_PAGE_SIZE}`,
      "Omit it for the client's default (250, the largest page).",
    );
  }
}
