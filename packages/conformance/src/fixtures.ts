import type { KvClient, KvNamespaceClient } from "@telnyx-kv/core";
import type { ConformanceTarget } from "./target.js";

let counter = 0;

/** A token no other test uses, so every test has an account (and namespaces) of its own. */
export function freshToken(label: string): string {
  counter += 1;
  return `conformance-${label}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A unique valid namespace name. */
export function freshName(label: string): string {
  counter += 1;
  return `${label}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A client on a fresh account with a ready namespace. */
export async function readyNamespace(
  target: ConformanceTarget,
  label: string,
): Promise<{ kv: KvClient; ns: KvNamespaceClient; token: string }> {
  const token = freshToken(label);
  const kv = target.createClient({ apiKey: token, retry: { baseDelayMs: 5 } });
  const created = await kv.namespaces.create(freshName(label));
  await kv.namespaces.waitUntilReady(created.id, { intervalMs: 10 });
  return { kv, ns: kv.namespace(created.id), token };
}

/** Collects an async iterable. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** Every byte value, for byte-exact round trips. */
export function allBytes(): Uint8Array {
  return Uint8Array.from({ length: 256 }, (_, index) => index);
}
