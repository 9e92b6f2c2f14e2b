import { readJson, toNamespace, toNamespacePage } from "./convert.js";
import { KvHttpError, KvNamespaceStateError, KvNetworkError, KvTimeoutError } from "./errors.js";
import { KV_MAX_PAGE_SIZE, namespacePath, namespacesPath } from "./limits.js";
import { paginateNamespaces } from "./pagination.js";
import { decideRetry, type KvAttemptFailure, type KvResolvedRetryOptions } from "./retry.js";
import { sleep } from "./sleep.js";
import type { KvTransport } from "./transport.js";
import type {
  KvCallOptions,
  KvNamespace,
  KvNamespaceList,
  KvNamespaceListOptions,
  KvNamespaces,
  KvWaitOptions,
} from "./types.js";
import { validateNamespaceId, validateNamespaceName, validatePageSize } from "./validate.js";
import type { KvNamespaceEnvelope, KvNamespaceListEnvelope } from "./wire.js";

/** The retry policy's view of an error a create attempt ended with, or `undefined` when it is final. */
function failureOf(error: unknown): KvAttemptFailure | undefined {
  if (KvHttpError.isInstance(error)) {
    const hint = error.retryAfterMs;
    return {
      type: "status",
      status: error.status,
      headers: { get: (name) => (name === "retry-after-ms" && hint !== undefined ? String(hint) : null) },
    };
  }
  if (KvNetworkError.isInstance(error)) return { type: "network", reachedServer: error.reachedServer };
  if (KvTimeoutError.isInstance(error)) return { type: "timeout" };
  return undefined;
}

/** Namespace operations over the shared transport. */
export class KvNamespaceOperations implements KvNamespaces {
  readonly #transport: KvTransport;
  readonly #retry: KvResolvedRetryOptions;

  constructor(transport: KvTransport, retry: KvResolvedRetryOptions) {
    this.#transport = transport;
    this.#retry = retry;
  }

  /**
   * Creates a namespace. A create is not idempotent, so after an ambiguous failure (timeout, reset, 5xx)
   * the name is looked up first: a namespace our earlier try made is returned instead of created twice.
   */
  async create(name: string, options: KvCallOptions = {}): Promise<KvNamespace> {
    validateNamespaceName(name);
    let mayExist = false;
    for (let attempt = 0; ; attempt++) {
      try {
        const context = { operation: "namespaces.create" };
        const response = await this.#transport.send({
          ...context,
          method: "POST",
          path: namespacesPath(),
          json: { name },
          idempotent: false,
          // One try per loop turn: this loop, not the transport, decides when a create may be repeated.
          retry: { ...this.#retry, retries: 0 },
          signal: options.signal,
        });
        return toNamespace(
          (await readJson<KvNamespaceEnvelope>(response, context, this.#transport.secrets)).data,
        );
      } catch (error) {
        if (mayExist && KvHttpError.isInstance(error) && error.status === 409) {
          const existing = await this.#findByName(name, options);
          if (existing) return existing;
        }
        const failure = failureOf(error);
        if (!failure) throw error;
        // Once the name is known to be absent, repeating the create is as safe as an idempotent request.
        const decision = decideRetry(failure, { attempt, idempotent: true }, this.#retry);
        if (!decision.retry) throw error;
        if (!(failure.type === "network" && failure.reachedServer === false)) {
          mayExist = true;
          const existing = await this.#findByName(name, options);
          if (existing) return existing;
        }
        await sleep(decision.delayMs, options.signal, () => this.#transport.abortError("namespaces.create"));
      }
    }
  }

  async #findByName(name: string, options: KvCallOptions): Promise<KvNamespace | undefined> {
    for await (const namespace of this.list({ ...options, pageSize: KV_MAX_PAGE_SIZE })) {
      if (namespace.name === name) return namespace;
    }
    return undefined;
  }

  async get(id: string, options: KvCallOptions = {}): Promise<KvNamespace> {
    validateNamespaceId(id);
    const context = { operation: "namespaces.get", namespaceId: id };
    const response = await this.#transport.send({
      ...context,
      method: "GET",
      path: namespacePath(id),
      idempotent: true,
      signal: options.signal,
    });
    return toNamespace(
      (await readJson<KvNamespaceEnvelope>(response, context, this.#transport.secrets)).data,
    );
  }

  async delete(id: string, options: KvCallOptions = {}): Promise<KvNamespace> {
    validateNamespaceId(id);
    const context = { operation: "namespaces.delete", namespaceId: id };
    const response = await this.#transport.send({
      ...context,
      method: "DELETE",
      path: namespacePath(id),
      idempotent: true,
      signal: options.signal,
    });
    return toNamespace(
      (await readJson<KvNamespaceEnvelope>(response, context, this.#transport.secrets)).data,
    );
  }

  list(options: KvNamespaceListOptions = {}): KvNamespaceList {
    const pageSize = options.pageSize ?? KV_MAX_PAGE_SIZE;
    validatePageSize(pageSize);
    return paginateNamespaces(async (pageNumber) => {
      const context = { operation: "namespaces.list" };
      const response = await this.#transport.send({
        ...context,
        method: "GET",
        path: namespacesPath(),
        searchParams: { "page[number]": pageNumber, "page[size]": pageSize },
        idempotent: true,
        signal: options.signal,
      });
      return toNamespacePage(
        await readJson<KvNamespaceListEnvelope>(response, context, this.#transport.secrets),
      );
    });
  }

  async waitUntilReady(id: string, options: KvWaitOptions = {}): Promise<KvNamespace> {
    validateNamespaceId(id);
    const timeoutMs = options.timeoutMs ?? 60_000;
    const deadline = Date.now() + timeoutMs;
    let interval = options.intervalMs ?? 250;
    for (;;) {
      const namespace = await this.get(id, options);
      if (namespace.status === "provision_ok") return namespace;
      if (namespace.status !== "pending") {
        throw new KvNamespaceStateError(
          `Telnyx KV namespace ${id} (${namespace.name}) is ${namespace.status}, so it will not become ready. Create a new namespace.`,
          { operation: "namespaces.waitUntilReady", namespaceId: id, status: namespace.status },
        );
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new KvTimeoutError(
          `Telnyx KV namespace ${id} was still pending after ${timeoutMs} ms. Provisioning usually takes 3–20 s; raise timeoutMs to wait longer.`,
          { operation: "namespaces.waitUntilReady", namespaceId: id, timeoutMs },
        );
      }
      await sleep(Math.min(interval, remaining), options.signal, () =>
        this.#transport.abortError("namespaces.waitUntilReady"),
      );
      interval = Math.min(interval * 1.5, 5000);
    }
  }
}
