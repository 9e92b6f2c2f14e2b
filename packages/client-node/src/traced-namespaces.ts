import type {
  KvCallOptions,
  KvNamespace,
  KvNamespaceList,
  KvNamespaceListOptions,
  KvNamespaces,
  KvWaitOptions,
} from "@telnyx-kv/core";
import { tracedNamespaceList, traceOperation } from "./trace-operation.js";
import { isTraced, operationChannel } from "./tracing-channels.js";

/** Core's namespace operations, each public call one `telnyx-kv:operation` trace when someone listens. */
export class TracedNamespaces implements KvNamespaces {
  readonly #inner: KvNamespaces;

  constructor(inner: KvNamespaces) {
    this.#inner = inner;
  }

  create(name: string, options?: KvCallOptions): Promise<KvNamespace> {
    if (!isTraced(operationChannel)) return this.#inner.create(name, options);
    return traceOperation({ operation: "namespaces.create" }, options, (scoped) =>
      this.#inner.create(name, scoped),
    );
  }

  get(id: string, options?: KvCallOptions): Promise<KvNamespace> {
    if (!isTraced(operationChannel)) return this.#inner.get(id, options);
    return traceOperation({ operation: "namespaces.get", namespaceId: id }, options, (scoped) =>
      this.#inner.get(id, scoped),
    );
  }

  delete(id: string, options?: KvCallOptions): Promise<KvNamespace> {
    if (!isTraced(operationChannel)) return this.#inner.delete(id, options);
    return traceOperation({ operation: "namespaces.delete", namespaceId: id }, options, (scoped) =>
      this.#inner.delete(id, scoped),
    );
  }

  list(options?: KvNamespaceListOptions): KvNamespaceList {
    return tracedNamespaceList(
      this.#inner.list(options),
      (scoped) => this.#inner.list(scoped),
      options,
      () => ({ operation: "namespaces.list" }),
    );
  }

  waitUntilReady(id: string, options?: KvWaitOptions): Promise<KvNamespace> {
    if (!isTraced(operationChannel)) return this.#inner.waitUntilReady(id, options);
    return traceOperation({ operation: "namespaces.waitUntilReady", namespaceId: id }, options, (scoped) =>
      this.#inner.waitUntilReady(id, scoped),
    );
  }
}
