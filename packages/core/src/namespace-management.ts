import { readJson, toNamespace, toNamespacePage } from "./convert.js";
import { KvNamespaceStateError, KvTimeoutError } from "./errors.js";
import { KV_MAX_PAGE_SIZE } from "./limits.js";
import { paginateNamespaces } from "./pagination.js";
import { namespacePath, namespacesPath } from "./protocol/paths.js";
import { PAGE_NUMBER_PARAM, PAGE_SIZE_PARAM } from "./protocol/query.js";
import {
  NAMESPACES_CREATE as CREATE,
  NAMESPACES_DELETE as DELETE,
  NAMESPACES_GET as GET,
  NAMESPACES_LIST as LIST,
} from "./protocol/routes.js";
import { namespaceEnvelopeProblem, namespaceListProblem } from "./protocol/shapes.js";
import { send, sendAndRead } from "./send.js";
import { sleep } from "./sleep.js";
import type { KvRequest, KvTransport } from "./transport.js";
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

// What to do about a refusal in namespace management; namespace clients keep the general advice.
const NOT_FOUND = { 404: "No namespace has this id in this account (it may have been deleted)." };
const CREATE_ADVICE = {
  409: "A namespace with this name already exists; pick another name or find it with namespaces.list().",
};
const DELETE_ADVICE = { ...NOT_FOUND, 409: "The namespace is already being deleted." };

/** Namespace management over the shared transport. */
export class NamespaceManagement implements KvNamespaces {
  readonly #transport: KvTransport;

  constructor(transport: KvTransport) {
    this.#transport = transport;
  }

  async #readNamespace(response: Response, request: KvRequest): Promise<KvNamespace> {
    const envelope = await readJson<KvNamespaceEnvelope>(
      response,
      this.#transport,
      request,
      namespaceEnvelopeProblem,
    );
    return toNamespace(envelope.data);
  }

  /**
   * Creates a namespace. A create is not idempotent, so after an ambiguous failure (timeout, reset, 5xx)
   * the retry layer's recover hook looks the name up: a namespace an earlier try made is returned instead
   * of being created twice.
   */
  async create(name: string, options: KvCallOptions = {}): Promise<KvNamespace> {
    validateNamespaceName(name);
    const request: KvRequest = {
      op: CREATE,
      path: namespacesPath(),
      json: { name },
      advice: CREATE_ADVICE,
      signal: options.signal,
    };
    return sendAndRead(
      this.#transport,
      request,
      (response) => this.#readNamespace(response, request),
      () => this.#findByName(name, options),
    );
  }

  async #findByName(name: string, options: KvCallOptions): Promise<KvNamespace | undefined> {
    for await (const namespace of this.list({ ...options, pageSize: KV_MAX_PAGE_SIZE })) {
      if (namespace.name === name) return namespace;
    }
    return undefined;
  }

  async get(id: string, options: KvCallOptions = {}): Promise<KvNamespace> {
    validateNamespaceId(id);
    const request: KvRequest = {
      op: GET,
      path: namespacePath(id),
      advice: NOT_FOUND,
      namespaceId: id,
      signal: options.signal,
    };
    return this.#readNamespace(await send(this.#transport, request), request);
  }

  async delete(id: string, options: KvCallOptions = {}): Promise<KvNamespace> {
    validateNamespaceId(id);
    const request: KvRequest = {
      op: DELETE,
      path: namespacePath(id),
      advice: DELETE_ADVICE,
      namespaceId: id,
      signal: options.signal,
    };
    return this.#readNamespace(await send(this.#transport, request), request);
  }

  list(options: KvNamespaceListOptions = {}): KvNamespaceList {
    const pageSize = options.pageSize ?? KV_MAX_PAGE_SIZE;
    validatePageSize(pageSize);
    return paginateNamespaces(async (pageNumber) => {
      const request: KvRequest = {
        op: LIST,
        path: namespacesPath(),
        searchParams: { [PAGE_NUMBER_PARAM.name]: pageNumber, [PAGE_SIZE_PARAM.name]: pageSize },
        signal: options.signal,
      };
      const response = await send(this.#transport, request);
      return toNamespacePage(
        await readJson<KvNamespaceListEnvelope>(response, this.#transport, request, namespaceListProblem),
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
