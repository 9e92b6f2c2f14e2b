import type { KvNamespaceRecord, KvNamespaceStatus } from "@telnyx-kv/core/protocol";
import type { StoredNamespace } from "./store/types.js";
import { isoMillis } from "./time.js";

/** A namespace's status at `now`, derived from its timestamps; `gone` means it answers 404. */
export function statusAt(ns: StoredNamespace, now: number): KvNamespaceStatus | "gone" {
  if (ns.goneAt !== null) return now >= ns.goneAt ? "gone" : "deleting";
  return now >= ns.readyAt ? "provision_ok" : "pending";
}

/** The wire record of a namespace; `status` overrides the derived one (create and delete answers). */
export function namespaceRecord(
  ns: StoredNamespace,
  now: number,
  status?: KvNamespaceStatus,
): KvNamespaceRecord {
  const current = status ?? statusAt(ns, now);
  const updatedAt =
    current === "deleting" ? (ns.deleteAt ?? now) : current === "provision_ok" ? ns.readyAt : ns.createdAt;
  return {
    record_type: "storage_kv",
    id: ns.id,
    name: ns.name,
    status: current === "gone" ? "deleted" : current,
    created_at: isoMillis(ns.createdAt),
    updated_at: isoMillis(updatedAt),
  };
}
