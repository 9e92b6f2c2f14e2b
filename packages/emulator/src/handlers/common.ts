import { KvErrorCodes, type KvKeyAccess, keyProblem, namespaceIdProblem } from "@telnyx-kv/core";
import type { HandlerContext } from "../context.js";
import type { Exchange } from "../exchange.js";
import { statusAt } from "../namespace-view.js";
import { decodeSegment } from "../router.js";
import type { StoredNamespace } from "../store/types.js";

/** A user-supplied value quoted in an error detail, shortened so a huge input does not make a huge answer. */
export function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

/** Answers 400 for invalid percent-encoding in the path. */
export function badEncoding(ex: Exchange, what: string): void {
  ex.error(
    400,
    KvErrorCodes.badRequest,
    "Invalid percent-encoding",
    `The ${what} in the path is not valid percent-encoding. Encode it with encodeURIComponent.`,
  );
}

/** The account's namespace named by the path, or `undefined` after answering 400 / 404. */
export function findNamespace(ex: Exchange, ctx: HandlerContext, rawId: string): StoredNamespace | undefined {
  const decoded = decodeSegment(rawId);
  if (decoded === undefined) {
    badEncoding(ex, "namespace id");
    return undefined;
  }
  const problem = namespaceIdProblem(decoded);
  if (problem !== undefined) {
    ex.error(
      400,
      KvErrorCodes.invalidId,
      "Invalid namespace id",
      `Invalid namespace id ${quote(decoded)}: ${problem}. Use the id returned when the namespace was created, not its name.`,
    );
    return undefined;
  }
  const id = decoded.toLowerCase();
  ex.namespaceId = id;
  // The store answers `undefined` for a namespace whose deletion finished (and purges it).
  const ns = ctx.store.getNamespace(ex.account, id, ctx.now());
  if (ns) return ns;
  ex.error(404, KvErrorCodes.notFound, "Namespace not found", `No namespace ${id} exists for this API key.`);
  return undefined;
}

/** Like {@link findNamespace}, and answers 409 unless the namespace is `provision_ok` (key operations need it). */
export function findReadyNamespace(
  ex: Exchange,
  ctx: HandlerContext,
  rawId: string,
): StoredNamespace | undefined {
  const ns = findNamespace(ex, ctx, rawId);
  if (!ns) return undefined;
  const status = statusAt(ns, ctx.now());
  if (status === "provision_ok") return ns;
  ex.error(
    409,
    KvErrorCodes.resourceInUse,
    "Namespace not ready",
    `Namespace ${ns.id} is ${status}; key operations need status provision_ok. Poll GET /storage/kvs/${ns.id} until it is.`,
  );
  return undefined;
}

/** The decoded, valid key of the path, or `undefined` after answering 400. */
export function findKey(ex: Exchange, rawKey: string, access: KvKeyAccess): string | undefined {
  const key = decodeSegment(rawKey);
  if (key === undefined) {
    badEncoding(ex, "key");
    return undefined;
  }
  ex.key = key;
  const problem = keyProblem(key, access);
  if (problem === undefined) return key;
  ex.error(400, KvErrorCodes.badRequest, "Invalid key", `Invalid key ${quote(key)}: ${problem}.`);
  return undefined;
}
