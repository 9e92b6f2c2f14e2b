import {
  KvConfigError,
  keyPath,
  keyProblem,
  keysPath,
  namespaceIdProblem,
  namespacePath,
  namespacesPath,
  prefixProblem,
} from "@telnyx-kv/core";
import { type KvProxyRefusal, quoteInput, refusal } from "./proxy-answer.js";
import type { KvProxyRoute } from "./proxy-path.js";

/** Methods the allowlist can grant; `HEAD` counts as `GET`. */
export type KvProxyMethod = "GET" | "PUT" | "DELETE" | "POST";

/** What browser clients may do through the proxy; anything not granted is refused with 403. */
export interface KvProxyAllow {
  /** Namespace ids clients may use, or `"*"` for every namespace of the account. @default [] (none) */
  namespaces?: readonly string[] | "*";
  /** Key prefixes clients may read, write and list; `[""]` allows every key. @default every key */
  prefixes?: readonly string[];
  /** HTTP methods clients may send. @default ["GET", "PUT", "DELETE"] */
  methods?: readonly KvProxyMethod[];
  /** Whether clients may list, create and delete namespaces (not just use allowed ones). @default false */
  manageNamespaces?: boolean;
}

/** The allowlist checked once at creation, in the form every request is checked against. */
export interface KvProxyPolicy {
  namespaces: ReadonlySet<string> | "*";
  prefixes: readonly string[] | undefined;
  methods: ReadonlySet<string>;
  manageNamespaces: boolean;
}

/** The request to send upstream, built from the parsed pieces (never from the raw incoming path). */
export interface KvProxyPlan {
  /** Path relative to the API base URL, encoded by core's path helpers. */
  path: string;
  /** Query string without `?`, rebuilt from the parameters the endpoint takes. */
  query: string;
  /** Whether the request carries a body to forward. */
  hasBody: boolean;
}

/** Validates the allowlist; a mistake is a {@link KvConfigError} at startup, not a silent hole later. */
export function compilePolicy(allow: KvProxyAllow): KvProxyPolicy {
  const ids = allow.namespaces ?? [];
  if (ids !== "*") {
    for (const id of ids) {
      if (namespaceIdProblem(id)) {
        throw new KvConfigError(
          `allow.namespaces holds ${quoteInput(String(id))}, which is not a namespace id (UUID).`,
          { option: "allow.namespaces" },
        );
      }
    }
  }
  for (const prefix of allow.prefixes ?? []) {
    const problem = prefixProblem(prefix);
    if (problem)
      throw new KvConfigError(`allow.prefixes holds ${quoteInput(String(prefix))}: ${problem}.`, {
        option: "allow.prefixes",
      });
  }
  return {
    namespaces: ids === "*" ? "*" : new Set(ids.map((id) => id.toLowerCase())),
    prefixes: allow.prefixes ? [...allow.prefixes] : undefined,
    methods: new Set(allow.methods ?? ["GET", "PUT", "DELETE"]),
    manageNamespaces: allow.manageNamespaces ?? false,
  };
}

// Methods each endpoint answers (HEAD rides on GET), and the query parameters each request may carry.
const ROUTE_METHODS: Record<KvProxyRoute["kind"], readonly string[]> = {
  namespaces: ["GET", "POST"],
  namespace: ["GET", "DELETE"],
  keys: ["GET"],
  key: ["GET", "PUT", "DELETE"],
};
const QUERY_PARAMS: Record<string, readonly string[]> = {
  "namespaces GET": ["page[number]", "page[size]"],
  "keys GET": ["prefix", "cursor", "limit"],
  "key PUT": ["ttl_secs"],
};

/** Rebuilds the query from the endpoint's own parameters; repeats and strangers are refused, never guessed at. */
function rebuildQuery(search: string, names: readonly string[]): URLSearchParams | KvProxyRefusal {
  const out = new URLSearchParams();
  for (const [name, value] of new URLSearchParams(search)) {
    if (!names.includes(name)) {
      const allowed = names.length ? `; allowed: ${names.join(", ")}` : "";
      return refusal(400, `Query parameter ${quoteInput(name)} is not accepted here${allowed}.`);
    }
    // Two values would let the proxy check one while the API used the other.
    if (out.has(name)) return refusal(400, `Query parameter ${quoteInput(name)} is given more than once.`);
    out.set(name, value);
  }
  return out;
}

function allowsPrefixOf(policy: KvProxyPolicy, value: string): boolean {
  return policy.prefixes === undefined || policy.prefixes.some((prefix) => value.startsWith(prefix));
}

function allowsNamespace(policy: KvProxyPolicy, namespaceId: string): boolean {
  return policy.namespaces === "*" || policy.namespaces.has(namespaceId.toLowerCase());
}

/** Decides one request: what to send upstream, or the refusal (403 for anything the allowlist does not cover). */
export function planRequest(
  route: KvProxyRoute,
  requestMethod: string,
  search: string,
  policy: KvProxyPolicy,
): KvProxyPlan | KvProxyRefusal {
  const method = requestMethod === "HEAD" ? "GET" : requestMethod;
  const supported = ROUTE_METHODS[route.kind];
  if (!supported.includes(method)) {
    const allow = [...supported, ...(supported.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
    return refusal(405, `${requestMethod} is not an operation of this endpoint. Allowed: ${allow}.`, {
      allow,
    });
  }
  if (!policy.methods.has(method)) return refusal(403, `This proxy does not allow ${method} requests.`);
  const query = rebuildQuery(search, QUERY_PARAMS[`${route.kind} ${method}`] ?? []);
  if (!(query instanceof URLSearchParams)) return query;
  const plan = (path: string): KvProxyPlan => ({
    path,
    query: query.toString(),
    hasBody: method === "PUT" || method === "POST",
  });

  if (route.kind === "namespaces") {
    if (!policy.manageNamespaces)
      return refusal(403, "This proxy does not allow listing or creating namespaces.");
    return plan(namespacesPath());
  }
  if (!allowsNamespace(policy, route.namespaceId)) {
    return refusal(403, `This proxy does not allow namespace ${route.namespaceId}.`);
  }
  if (route.kind === "namespace") {
    if (method === "DELETE" && !policy.manageNamespaces)
      return refusal(403, "This proxy does not allow deleting namespaces.");
    return plan(namespacePath(route.namespaceId));
  }
  if (route.kind === "keys") {
    const prefix = query.get("prefix") ?? "";
    const problem = prefixProblem(prefix);
    if (problem) return refusal(400, `Invalid prefix ${quoteInput(prefix)}: ${problem}.`);
    if (!allowsPrefixOf(policy, prefix)) {
      return refusal(
        403,
        `This proxy allows listing only with a prefix starting with one of: ${policy.prefixes?.map((p) => quoteInput(p)).join(", ")}.`,
      );
    }
    return plan(keysPath(route.namespaceId));
  }
  const problem = keyProblem(route.key, method === "GET" ? "read" : "write");
  if (problem) return refusal(400, `Invalid key ${quoteInput(route.key)}: ${problem}.`);
  if (!allowsPrefixOf(policy, route.key))
    return refusal(403, `This proxy does not allow key ${quoteInput(route.key)}.`);
  return plan(keyPath(route.namespaceId, route.key));
}
