import { KvConfigError } from "@telnyx-kv/core";
import {
  KV_ERRORS,
  KV_OPERATIONS,
  type KvHttpMethod,
  type KvOperationSpec,
  type KvQueryParamSpec,
  type KvRouteName,
  keyPath,
  keyProblem,
  keysPath,
  kvAllowHeader,
  kvOperationFor,
  namespaceIdProblem,
  namespacePath,
  namespacesPath,
  PREFIX_PARAM,
  prefixProblem,
} from "@telnyx-kv/core/protocol";
import { quoteInput } from "@telnyx-kv/core/transport";
import { type KvProxyRefusal, refusal } from "./answer.js";
import type { KvProxyRoute } from "./path.js";

/** Methods the allowlist can grant (the protocol's methods); `HEAD` counts as `GET`. */
export type KvProxyMethod = KvHttpMethod;

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
  /** The protocol operation the request is. */
  operation: KvOperationSpec;
  /** Path relative to the API base URL, encoded by core's path builders. */
  path: string;
  /** Query string without `?`, rebuilt from the parameters the operation takes. */
  query: string;
  /** Whether the request carries a body to forward. */
  hasBody: boolean;
}

// The methods of the protocol's operations: nothing else can be granted.
const GRANTABLE: ReadonlySet<string> = new Set(Object.values(KV_OPERATIONS).map((spec) => spec.method));

/** Validates the allowlist; a mistake is a {@link KvConfigError} at startup, not a silent hole later. */
export function compilePolicy(allow: KvProxyAllow, secrets: readonly string[]): KvProxyPolicy {
  const ids = allow.namespaces ?? [];
  if (ids !== "*") {
    for (const id of ids) {
      if (namespaceIdProblem(id)) {
        throw new KvConfigError(
          `allow.namespaces holds ${quoteInput(String(id), secrets)}, which is not a namespace id (UUID).`,
          { option: "allow.namespaces" },
        );
      }
    }
  }
  for (const prefix of allow.prefixes ?? []) {
    const problem = prefixProblem(prefix);
    if (problem)
      throw new KvConfigError(`allow.prefixes holds ${quoteInput(String(prefix), secrets)}: ${problem}.`, {
        option: "allow.prefixes",
      });
  }
  const methods = allow.methods ?? ["GET", "PUT", "DELETE"];
  for (const method of methods) {
    if (!GRANTABLE.has(method))
      throw new KvConfigError(
        `allow.methods holds ${quoteInput(String(method), secrets)}; grant any of ${[...GRANTABLE].join(", ")} (HEAD comes with GET).`,
        { option: "allow.methods" },
      );
  }
  return {
    namespaces: ids === "*" ? "*" : new Set(ids.map((id) => id.toLowerCase())),
    prefixes: allow.prefixes ? [...allow.prefixes] : undefined,
    methods: new Set(methods),
    manageNamespaces: allow.manageNamespaces ?? false,
  };
}

/** Whether the allowlist grants an operation on a route (namespace and prefix checks are per request). */
function grantsOperation(policy: KvProxyPolicy, routeName: KvRouteName, operation: KvOperationSpec): boolean {
  if (!policy.methods.has(operation.method)) return false;
  if (routeName === "namespaces" || operation.name === "namespaces.delete") return policy.manageNamespaces;
  return true;
}

/**
 * The `Allow` list of an OPTIONS answer on a route: the protocol's methods there (core's `kvAllowHeader`)
 * that the allowlist grants, HEAD with GET, and OPTIONS; never a method the proxy would refuse.
 */
export function grantedAllowHeader(routeName: KvRouteName, policy: KvProxyPolicy): string {
  return kvAllowHeader(routeName)
    .split(", ")
    .filter((method) => {
      if (method === "OPTIONS") return true;
      const operation = kvOperationFor(routeName, method);
      return operation !== undefined && grantsOperation(policy, routeName, operation);
    })
    .join(", ");
}

/**
 * Rebuilds the query from the operation's own parameters, each value checked by the protocol's rule;
 * repeats and strangers are refused, never guessed at.
 */
function rebuildQuery(
  search: string,
  specs: readonly KvQueryParamSpec[],
  secrets: readonly string[],
): URLSearchParams | KvProxyRefusal {
  const out = new URLSearchParams();
  for (const [name, value] of new URLSearchParams(search)) {
    const spec = specs.find((candidate) => candidate.name === name);
    if (!spec) {
      const allowed = specs.length ? `; allowed: ${specs.map((s) => s.name).join(", ")}` : "";
      return refusal(
        KV_ERRORS.badRequest,
        `Query parameter ${quoteInput(name, secrets)} is not accepted here${allowed}.`,
      );
    }
    // Two values would let the proxy check one while the API used the other.
    if (out.has(name))
      return refusal(
        KV_ERRORS.badRequest,
        `Query parameter ${quoteInput(name, secrets)} is given more than once.`,
      );
    const problem = spec.problem(value);
    // The value is not echoed: a query string is where secrets get pasted by mistake.
    if (problem) return refusal(KV_ERRORS.badRequest, `Invalid ${name}: ${problem}.`);
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
  secrets: readonly string[],
): KvProxyPlan | KvProxyRefusal {
  const operation = kvOperationFor(route.route, requestMethod);
  if (!operation) {
    const allow = kvAllowHeader(route.route);
    return refusal(
      KV_ERRORS.methodNotAllowed,
      `${requestMethod} is not an operation of this endpoint. Allowed: ${allow}.`,
      { allow },
    );
  }
  const method = operation.method;
  if (!policy.methods.has(method))
    return refusal(KV_ERRORS.authorizationFailed, `This proxy does not allow ${method} requests.`);
  const query = rebuildQuery(search, operation.query, secrets);
  if (!(query instanceof URLSearchParams)) return query;
  const plan = (path: string): KvProxyPlan => ({
    operation,
    path,
    query: query.toString(),
    hasBody: operation.body !== "none",
  });

  if (route.route === "namespaces") {
    if (!policy.manageNamespaces)
      return refusal(
        KV_ERRORS.authorizationFailed,
        "This proxy does not allow listing or creating namespaces.",
      );
    return plan(namespacesPath());
  }
  if (!allowsNamespace(policy, route.namespaceId)) {
    return refusal(
      KV_ERRORS.authorizationFailed,
      `This proxy does not allow namespace ${route.namespaceId}.`,
    );
  }
  if (route.route === "namespace") {
    if (operation.name === "namespaces.delete" && !policy.manageNamespaces)
      return refusal(KV_ERRORS.authorizationFailed, "This proxy does not allow deleting namespaces.");
    return plan(namespacePath(route.namespaceId));
  }
  if (route.route === "keys") {
    const prefix = query.get(PREFIX_PARAM.name) ?? "";
    if (!allowsPrefixOf(policy, prefix)) {
      return refusal(
        KV_ERRORS.authorizationFailed,
        `This proxy allows listing only with a prefix starting with one of: ${policy.prefixes?.map((p) => quoteInput(p, secrets)).join(", ")}.`,
      );
    }
    return plan(keysPath(route.namespaceId));
  }
  const problem = keyProblem(route.key, operation.name === "keys.get" ? "read" : "write");
  if (problem)
    return refusal(KV_ERRORS.badRequest, `Invalid key ${quoteInput(route.key, secrets)}: ${problem}.`);
  if (!allowsPrefixOf(policy, route.key))
    return refusal(
      KV_ERRORS.authorizationFailed,
      `This proxy does not allow key ${quoteInput(route.key, secrets)}.`,
    );
  return plan(keyPath(route.namespaceId, route.key));
}
