import type { Command } from "commander";
import { integerOption, targetFlagsOf, targetOptions } from "../command-kit.js";
import { KV_FACTS_DEFAULT_BUDGET, type KvFactsReport, runFactChecks } from "../doctor/index.js";
import { formatTable } from "../doctor/table.js";
import { CliError, EXIT } from "../exit.js";
import { note } from "../output.js";
import { redact } from "../secrets.js";
import { holdInterrupts, interruptSignal } from "../signals.js";
import { openTarget } from "../target.js";
import { PACKAGE_NAME, PACKAGE_VERSION } from "../version.js";

interface DoctorOptions {
  json?: boolean;
  timeout: number;
  maxRequests: number;
}

/** The JSON document `--json` prints: the report with the tool and version that made it. */
export function doctorDocument(report: KvFactsReport): Record<string, unknown> {
  return { tool: "telnyx-kv doctor", version: `${PACKAGE_NAME}@${PACKAGE_VERSION}`, ...report };
}

/** `telnyx-kv doctor`: the setup, then every fact check of docs/API-FACTS.md, as a table or one JSON document. */
export function registerDoctor(program: Command): void {
  targetOptions(
    program
      .command("doctor")
      .description(
        "check the target against the API facts: setup (URL, /v2, key, clock), then every [doc] and [choice] row, in one temporary namespace that is always deleted",
      )
      .option("--json", "print the report as one JSON document, for a bug report (default: a table)")
      .option("--timeout <MS>", "time limit of one request, ms", integerOption(1, 600_000), 10_000)
      .option(
        "--max-requests <N>",
        "requests the run may send at most, cleanup included",
        integerOption(30, 99),
        KV_FACTS_DEFAULT_BUDGET,
      ),
    { binding: false },
  ).action(async (options: DoctorOptions, command: Command) => {
    // The same target rules as every command (a missing key, --local vs --base-url); the checks send their own requests.
    const target = await openTarget(targetFlagsOf(command));
    const { baseUrl, apiKey } = target.connection();
    // From the create on, a namespace may exist: a repeated Ctrl-C must not cut its deletion short.
    let temporary: string | undefined;
    holdInterrupts(() =>
      temporary === undefined
        ? undefined
        : `telnyx-kv: still deleting the temporary namespace ${temporary}…; press Ctrl-C again to quit without it.`,
    );
    let report: KvFactsReport;
    try {
      report = await runFactChecks({
        baseUrl,
        apiKey,
        timeoutMs: options.timeout,
        maxRequests: options.maxRequests,
        signal: interruptSignal(),
        onProgress: (line) => {
          const creating = /^creating the temporary namespace (\S+)/.exec(line);
          if (creating) temporary = creating[1];
          // One line per check would drown the table; the steps that take time are worth seeing.
          if (!line.startsWith("checking ") || line.startsWith("checking the setup")) note(`doctor: ${line}`);
        },
      });
    } finally {
      temporary = undefined;
      await target.close();
    }
    if (options.json) process.stdout.write(`${redact(JSON.stringify(doctorDocument(report), null, 2))}\n`);
    else if (!report.setupProblem) process.stdout.write(redact(formatTable(report)));
    if (report.namespace.problem) note(`telnyx-kv: ${report.namespace.problem}`);
    if (report.setupProblem) throw new CliError(report.setupProblem, EXIT.failed);
    if (report.interrupted) {
      const end = report.namespace.deleted
        ? `the temporary namespace ${report.namespace.name} is deleted`
        : "see above";
      throw new CliError(`Interrupted before every check ran; ${end}.`, EXIT.failed);
    }
    if (!report.ok) process.exitCode = EXIT.failed;
  });
}
