import type { Command } from "commander";

/** The examples each `--help` page ends with, by command path (`""` is `telnyx-kv` itself). */
export const HELP_EXAMPLES: Record<string, string[]> = {
  "": [
    "telnyx-kv namespace list",
    "telnyx-kv export my-cache --out backup.ndjson",
    "telnyx-kv import my-cache backup.ndjson --dry-run",
    "telnyx-kv key list my-cache --local",
  ],
  namespace: ["telnyx-kv namespace list --json", "telnyx-kv namespace create my-cache --wait"],
  "namespace list": ["telnyx-kv namespace list", "telnyx-kv namespace list --local --json"],
  "namespace create": [
    "telnyx-kv namespace create my-cache --wait",
    "telnyx-kv namespace create my-cache --local",
  ],
  "namespace get": ["telnyx-kv namespace get my-cache", "telnyx-kv namespace get --binding CACHE --json"],
  "namespace delete": ["telnyx-kv namespace delete my-cache", "telnyx-kv namespace delete 1c0f…-uuid --yes"],
  key: ["telnyx-kv key put my-cache greeting hello", "telnyx-kv key list my-cache --prefix user/"],
  "key list": [
    "telnyx-kv key list my-cache --prefix user/ --limit 20",
    "telnyx-kv key list my-cache --json > keys.ndjson",
  ],
  "key get": ["telnyx-kv key get my-cache greeting", "telnyx-kv key get my-cache logo.png --out logo.png"],
  "key put": [
    "telnyx-kv key put my-cache greeting hello --ttl 1h",
    "telnyx-kv key put my-cache logo.png --file logo.png --content-type image/png",
    "echo '{\"on\":true}' | telnyx-kv key put my-cache flags --content-type application/json",
  ],
  "key delete": [
    "telnyx-kv key delete my-cache session/42 session/43",
    "telnyx-kv key delete my-cache --prefix session/ --dry-run",
    "telnyx-kv key list my-cache --prefix tmp/ --json | telnyx-kv key delete my-cache --keys-from - --yes",
    "telnyx-kv key delete my-cache --keys-from wrangler-keys.json   # wrangler kv key list output",
  ],
  export: [
    "telnyx-kv export my-cache --out backup.ndjson",
    "telnyx-kv export my-cache --prefix user/ | gzip > users.ndjson.gz",
  ],
  import: [
    "telnyx-kv import my-cache backup.ndjson",
    "telnyx-kv import my-cache wrangler-bulk.json --dry-run --rate 1000/1m",
    "gunzip -c backup.ndjson.gz | telnyx-kv import my-cache -",
    "telnyx-kv import my-cache backup.ndjson --resume",
  ],
  copy: [
    "telnyx-kv copy my-cache my-cache-staging --create",
    "telnyx-kv copy my-cache my-cache --to-local --create --dry-run",
    "telnyx-kv copy my-cache my-cache --local --to-base-url https://api.telnyx.com/v2 --create",
  ],
  doctor: ["telnyx-kv doctor", "telnyx-kv doctor --json > doctor-report.json", "telnyx-kv doctor --local"],
};

function pathOf(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at?.parent; at = at.parent) names.unshift(at.name());
  return names.join(" ");
}

/** Adds its "Examples:" section to every command's `--help`; a command missing from the table is an error. */
export function addExamples(command: Command): void {
  const lines = HELP_EXAMPLES[pathOf(command)];
  if (lines === undefined)
    throw new Error(`No --help examples for "${pathOf(command)}": add them to HELP_EXAMPLES.`);
  command.addHelpText("after", `\nExamples:\n${lines.map((line) => `  $ ${line}`).join("\n")}\n`);
  for (const sub of command.commands) addExamples(sub);
}
