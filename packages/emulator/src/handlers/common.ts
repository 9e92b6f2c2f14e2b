import {
  decodePathSegment,
  type KvKeyAccess,
  type KvQueryParamSpec,
  keyProblem,
  namespaceIdProblem,
  namespacePath,
  parseWholeNumber,
} from "@telnyx-kv/core/protocol";
import { quoteInput } from "@telnyx-kv/core/transport";
import type { HandlerContext } from "../context.js";
import type { Exchange } from "../exchange.js";
import { statusAt } from "../namespace-view.js";
import { type KvProblem, problem } from "../problem.js";
import type { StoredNamespace } from "../store/types.js";

/** The 400 problem of invalid percent-encoding in the path. */
export function badEncoding(what: string): KvProblem {
  return problem(
    "badRequest",
    `The ${what} in the path is not valid percent-encoding. Encode it with encodeURIComponent.`,
  );
}

/** The account's namespace named by the path; throws 400 (bad id) or 404 (no such namespace). */
export function findNamespace(ex: Exchange, ctx: HandlerContext, rawId: string): StoredNamespace {
  const decoded = decodePathSegment(rawId);
  if (decoded === undefined) throw badEncoding("namespace id");
  const reason = namespaceIdProblem(decoded);
  if (reason !== undefined) {
    throw problem(
      "invalidId",
      `Invalid namespace id ${quoteInput(decoded)}: ${reason}. Use the id returned when the namespace was created, not its name.`,
    );
  }
  const id = decoded.toLowerCase();
  ex.namespaceId = id;
  // The store answers `undefined` for a namespace whose deletion finished (and purges it).
  const ns = ctx.store.getNamespace(ex.account, id, ctx.now());
  if (ns) return ns;
  throw problem("notFound", `No namespace ${id} exists for this API key.`);
}

/** Like {@link findNamespace}, and throws 409 unless the namespace is `provision_ok` (key operations need it). */
export function findReadyNamespace(ex: Exchange, ctx: HandlerContext, rawId: string): StoredNamespace {
  const ns = findNamespace(ex, ctx, rawId);
  const status = statusAt(ns, ctx.now());
  if (status === "provision_ok") return ns;
  throw problem(
    "resourceInUse",
    `Namespace ${ns.id} is ${status}; key operations need status provision_ok. Poll GET /${namespacePath(ns.id)} until it is.`,
  );
}

/** The decoded, valid key of the path; throws 400 otherwise. */
export function findKey(ex: Exchange, rawKey: string, access: KvKeyAccess): string {
  const key = decodePathSegment(rawKey);
  if (key === undefined) throw badEncoding("key");
  ex.key = key;
  const reason = keyProblem(key, access);
  if (reason === undefined) return key;
  throw problem("badRequest", `Invalid key ${quoteInput(key)}: ${reason}.`);
}

/** The raw value of query parameter `spec`, `undefined` when absent; throws 400 when the table's rule refuses it. */
export function queryValue(params: URLSearchParams, spec: KvQueryParamSpec): string | undefined {
  const raw = params.get(spec.name);
  if (raw === null) return undefined;
  const reason = spec.problem(raw);
  if (reason !== undefined)
    throw problem("badRequest", `Invalid ${spec.name} ${quoteInput(raw)}: ${reason}.`);
  return raw;
}

/** A whole-number query parameter (the table's rule checks the digits): `fallback` when absent. Huge values saturate; the caller clamps. */
export function wholeQueryValue(params: URLSearchParams, spec: KvQueryParamSpec, fallback: number): number {
  const raw = queryValue(params, spec);
  return raw === undefined ? fallback : (parseWholeNumber(raw) ?? fallback);
}
