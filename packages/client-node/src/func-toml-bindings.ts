import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { KvConfigError } from "@telnyx-kv/core";
import { namespaceIdProblem } from "@telnyx-kv/core/protocol";
import { parse } from "smol-toml";
import { createKvClient, type KvNodeClient, type KvNodeClientOptions } from "./client.js";
import { createKvBinding, type KvBinding } from "./edge-binding.js";

/** Options of {@link loadBindingIds}: where the bindings are read from. */
export interface KvLoadBindingIdsOptions {
  /** Config file to read; `false` reads none. @default "func.toml", else "telnyx.toml", in `cwd` (none is fine) */
  config?: string | false;
  /** Folder the default config files are looked up in. @default process.cwd() */
  cwd?: string;
  /** Where `KV_<NAME>_ID` (and, for a client `loadBindings` makes, TELNYX_API_KEY) are read. @default process.env */
  env?: Record<string, string | undefined>;
}

/** Options of {@link loadBindings}. */
export interface KvLoadBindingsOptions extends KvLoadBindingIdsOptions {
  /** The client to bind with, or options for one made with `createKvClient.fromEnv`. @default createKvClient.fromEnv({ env }) */
  client?: KvNodeClient | KvNodeClientOptions;
}

/** Where each binding's namespace id came from, for error messages. */
type IdSources = Map<string, { id: string; from: string }>;

const DEFAULT_CONFIGS = ["func.toml", "telnyx.toml"];

function readConfig(path: string, ids: IdSources): void {
  let table: Record<string, unknown>;
  try {
    table = parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch (error) {
    throw new KvConfigError(`Could not read KV bindings from ${path}: ${(error as Error).message}`, {
      option: "config",
    });
  }
  const kv = ((table.storage as Record<string, unknown> | undefined)?.kv ?? {}) as Record<string, unknown>;
  for (const [name, entry] of Object.entries(kv)) {
    const id = (entry as { id?: unknown } | null)?.id;
    if (typeof id !== "string") {
      throw new KvConfigError(`${path}: [storage.kv.${name}] needs id = "<namespace uuid>".`, {
        option: "config",
      });
    }
    ids.set(name, { id, from: `${path} [storage.kv.${name}]` });
  }
}

/** The env var that overrides binding `name`: `KV_` + the name upper-cased, non-alphanumerics as `_`, + `_ID`. */
export function bindingEnvVar(name: string): string {
  return `KV_${name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_ID`;
}

/**
 * Reads the KV bindings of a Telnyx function and returns the namespace id of each name. The config file is
 * read first; then every `KV_<NAME>_ID` variable overrides or adds a binding, because the runtime sets them
 * in a deployed function and that is how a local run points a binding at another namespace.
 */
export function loadBindingIds(options: KvLoadBindingIdsOptions = {}): Record<string, string> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const ids: IdSources = new Map();
  if (typeof options.config === "string") {
    const path = resolve(cwd, options.config);
    if (!existsSync(path))
      throw new KvConfigError(`KV bindings config ${path} does not exist.`, { option: "config" });
    readConfig(path, ids);
  } else if (options.config !== false) {
    const found = DEFAULT_CONFIGS.map((name) => resolve(cwd, name)).find((path) => existsSync(path));
    if (found) readConfig(found, ids);
  }
  for (const name of ids.keys()) {
    const id = env[bindingEnvVar(name)];
    if (id) ids.set(name, { id, from: bindingEnvVar(name) });
  }
  for (const [variable, id] of Object.entries(env)) {
    const match = /^KV_(.+)_ID$/.exec(variable);
    if (!match || !id) continue;
    const known = [...ids.keys()].some((name) => bindingEnvVar(name) === variable);
    if (!known) ids.set(match[1]!, { id, from: variable });
  }
  const result: Record<string, string> = {};
  for (const [name, { id, from }] of ids) {
    const problem = namespaceIdProblem(id);
    if (problem) {
      throw new KvConfigError(
        `KV binding ${name} (${from}): ${JSON.stringify(id)} is not a namespace id: ${problem}. Use the namespace's id, not its name.`,
        { option: "config", envVar: bindingEnvVar(name) },
      );
    }
    result[name] = id;
  }
  return result;
}

/**
 * Reads the KV bindings of a Telnyx function (by the rules of {@link loadBindingIds}) and returns one
 * edge-runtime binding per name, all on one client.
 */
export function loadBindings(options: KvLoadBindingsOptions = {}): Record<string, KvBinding> {
  const ids = loadBindingIds(options);
  const env = options.env ?? process.env;
  const client =
    options.client && "namespace" in options.client
      ? options.client
      : createKvClient.fromEnv({ env, ...options.client });
  const bindings: Record<string, KvBinding> = {};
  for (const [name, id] of Object.entries(ids)) bindings[name] = createKvBinding(client.namespace(id));
  return bindings;
}
