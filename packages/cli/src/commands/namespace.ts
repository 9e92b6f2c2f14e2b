import { bindingEnvVar, type KvNamespace } from "@telnyx-kv/client-node";
import { validateNamespaceName } from "@telnyx-kv/core/protocol";
import type { Command } from "commander";
import { namespaceOf, targetOptions, withTarget } from "../command-kit.js";
import { confirm } from "../confirm.js";
import { note } from "../output.js";

function json(namespace: KvNamespace): string {
  return JSON.stringify({
    id: namespace.id,
    name: namespace.name,
    status: namespace.status,
    created_at: namespace.createdAt,
    updated_at: namespace.updatedAt,
  });
}

/** The `[storage.kv.NAME]` table that binds a namespace in func.toml. */
export function bindingSnippet(namespace: KvNamespace): string {
  const binding = bindingEnvVar(namespace.name).slice(3, -3);
  return `[storage.kv.${binding}]\nid = "${namespace.id}"\n`;
}

/** `telnyx-kv namespace list|create|get|delete`. */
export function registerNamespace(program: Command): void {
  const group = program.command("namespace").description("list, create, inspect and delete namespaces");

  targetOptions(
    group
      .command("list")
      .description("list the namespaces of the account")
      .option("--json", "one JSON object a line (default: a table)"),
    { binding: false },
  ).action(async (options: { json?: boolean }, command: Command) => {
    await withTarget(command, async ({ client }) => {
      for await (const namespace of client.namespaces.list()) {
        process.stdout.write(
          options.json
            ? `${json(namespace)}\n`
            : `${namespace.id}  ${namespace.name}  ${namespace.status}  ${namespace.createdAt}\n`,
        );
      }
    });
  });

  targetOptions(
    group
      .command("create")
      .description("create a namespace; prints its id and the func.toml binding")
      .argument("<name>", "lowercase letters, digits and hyphens")
      .option("--wait", "wait until it is provisioned (default: false)"),
    { binding: false },
  ).action(async (name: string, options: { wait?: boolean }, command: Command) => {
    validateNamespaceName(name);
    await withTarget(
      command,
      async ({ client }) => {
        let namespace = await client.namespaces.create(name);
        if (options.wait) namespace = await client.namespaces.waitUntilReady(namespace.id);
        process.stdout.write(`${namespace.id}\n`);
        note(`Created namespace ${namespace.name} (status ${namespace.status}). Bind it in func.toml:\n`);
        process.stdout.write(`\n${bindingSnippet(namespace)}`);
      },
      // The one command that may start a local store where there is none.
      { createLocal: true },
    );
  });

  targetOptions(
    group
      .command("get")
      .description("show one namespace")
      .argument("[ns]", "namespace id or name (omit with --binding)")
      .option("--json", "as one JSON object (default: lines of text)"),
  ).action(async (ns: string | undefined, options: { json?: boolean }, command: Command) => {
    await withTarget(command, async (target) => {
      const namespace = await target.client.namespaces.get(await namespaceOf(command, target, ns));
      process.stdout.write(
        options.json
          ? `${json(namespace)}\n`
          : `id:         ${namespace.id}\nname:       ${namespace.name}\nstatus:     ${namespace.status}\ncreated_at: ${namespace.createdAt}\nupdated_at: ${namespace.updatedAt}\n`,
      );
    });
  });

  targetOptions(
    group
      .command("delete")
      .description("delete a namespace and every key in it")
      .argument("[ns]", "namespace id or name (omit with --binding)")
      .option("-y, --yes", "do not ask for confirmation (needed when not on a terminal) (default: false)"),
  ).action(async (ns: string | undefined, options: { yes?: boolean }, command: Command) => {
    await withTarget(command, async (target) => {
      const id = await namespaceOf(command, target, ns);
      const namespace = await target.client.namespaces.get(id);
      await confirm(
        `Delete namespace ${namespace.name} (${namespace.id}) and all its keys on ${target.label}?`,
        options.yes,
      );
      const deleted = await target.client.namespaces.delete(id);
      note(`Deleting namespace ${deleted.name} (${deleted.id}): status ${deleted.status}.`);
    });
  });
}
