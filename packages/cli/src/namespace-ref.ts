import { bindingEnvVar, type KvNamespace, type KvNodeClient, loadBindingIds } from "@telnyx-kv/client-node";
import { namespaceIdProblem, namespaceNameProblem } from "@telnyx-kv/core/protocol";
import { CliError, EXIT, usageError } from "./exit.js";

/** No namespace has the name the user gave (exit status 2); `copy --create` creates it instead. */
export class NamespaceNotFoundError extends CliError {
  readonly namespaceName: string;

  constructor(name: string) {
    super(
      `No namespace named "${name}" here; "telnyx-kv namespace list" shows them, "telnyx-kv namespace create ${name}" makes it.`,
      EXIT.usage,
    );
    this.name = "NamespaceNotFoundError";
    this.namespaceName = name;
  }
}

/** How the user named a namespace: `<ns>` (id or name) or `--binding NAME`. */
export interface NamespaceRef {
  ns?: string | undefined;
  binding?: string | undefined;
}

/** Namespace id of binding `name`, by client-node's rules (func.toml / telnyx.toml, then KV_<NAME>_ID). */
export function bindingId(name: string, cwd: string): string {
  const ids = loadBindingIds({ cwd });
  const names = Object.keys(ids);
  // `--binding my-cache` also finds a binding only set as KV_MY_CACHE_ID (whose name is MY_CACHE).
  const found = name in ids ? name : names.find((known) => bindingEnvVar(known) === bindingEnvVar(name));
  if (found === undefined) {
    const known = names.length > 0 ? `known bindings: ${names.join(", ")}` : "none found";
    throw usageError(
      `No KV binding ${name} in ${cwd}/func.toml or telnyx.toml ([storage.kv.${name}] id = "…") or ${bindingEnvVar(name)} (${known}).`,
    );
  }
  return ids[found]!;
}

/** Finds a namespace by name by listing the account; unknown or ambiguous names are usage errors. */
export async function namespaceByName(client: KvNodeClient, name: string): Promise<KvNamespace> {
  const problem = namespaceNameProblem(name);
  if (problem) {
    throw usageError(`"${name}" is neither a namespace id (a UUID) nor a valid namespace name: ${problem}.`);
  }
  const matches: KvNamespace[] = [];
  for await (const namespace of client.namespaces.list()) {
    if (namespace.name === name) matches.push(namespace);
  }
  if (matches.length === 0) throw new NamespaceNotFoundError(name);
  if (matches.length > 1) {
    throw new CliError(
      `The name "${name}" matches ${matches.length} namespaces (${matches.map((n) => n.id).join(", ")}); pass the id.`,
      EXIT.usage,
    );
  }
  return matches[0]!;
}

/** The namespace id `ref` points at: `--binding`, else an id as given, else a name looked up by listing. */
export async function resolveNamespaceId(
  client: KvNodeClient,
  ref: NamespaceRef,
  cwd = process.cwd(),
): Promise<string> {
  if (ref.binding !== undefined) {
    if (ref.ns !== undefined) throw usageError("Give either <ns> or --binding NAME, not both.");
    return bindingId(ref.binding, cwd);
  }
  if (ref.ns === undefined || ref.ns === "")
    throw usageError("Name the namespace: <ns> (its id or name) or --binding NAME.");
  if (namespaceIdProblem(ref.ns) === undefined) return ref.ns;
  return (await namespaceByName(client, ref.ns)).id;
}
