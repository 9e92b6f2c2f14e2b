import { spawn } from "node:child_process";
import type { ConformanceResult } from "@telnyx-kv/conformance/cases";
import { CHROMIUM_ARGS, ensureChromium } from "@telnyx-kv/test-chromium";
import { type Browser, chromium } from "playwright-core";
import { type HarnessConfig, parseOutput } from "./protocol.js";
import type { MatrixRuntime } from "./runtimes.js";

/** How one runtime × package ended: its case results, or why it produced none. */
export interface RowOutcome {
  results: ConformanceResult[];
  /** The runtime and version that ran the cases, as it reported itself. */
  runtime?: string;
  /** Set when the run itself broke (crash, missing runtime): the row fails whatever its results. */
  problem?: string;
  ms: number;
}

/** A hung runtime must not hang the matrix: far beyond any row's run, it is stopped and the row fails. */
const HANG_GUARD_MS = 5 * 60_000;

function runProcess(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(command, args, {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      timeout: HANG_GUARD_MS,
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", (error) => resolve({ code: null, output: `${output}\n${error.message}` }));
    child.on("close", (code) => resolve({ code, output }));
  });
}

/** Runs a server runtime (or Miniflare's host) on its harness file with the row's config in the environment. */
async function runSpawned(runtime: MatrixRuntime, config: HarnessConfig, cwd: string): Promise<RowOutcome> {
  const started = Date.now();
  let command: [string, string[]];
  try {
    command = runtime.command!(runtime.script!);
  } catch (error) {
    return { results: [], problem: (error as Error).message, ms: 0 };
  }
  const env = {
    ...process.env,
    TELNYX_KV_MATRIX: JSON.stringify(config),
    npm_config_yes: "true",
    npm_config_update_notifier: "false",
    NO_COLOR: "1",
  };
  const { code, output } = await runProcess(command[0], command[1], cwd, env);
  const { results, runtime: reported, complete } = parseOutput(output);
  const ms = Date.now() - started;
  const named = reported === undefined ? {} : { runtime: reported };
  if (complete && code === 0) return { results, ms, ...named };
  const tail = output.trim().split("\n").slice(-15).join("\n");
  const problem = `${command[0]} ${command[1].join(" ")} exited ${code} before the end:\n${tail}`;
  return { results, problem, ms, ...named };
}

/** Runs client-browser's harness in a page of headless Chromium (found or installed like the browser tests). */
async function runChromium(config: HarnessConfig): Promise<RowOutcome> {
  const started = Date.now();
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: ensureChromium(), args: [...CHROMIUM_ARGS] });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${config.controlUrl}/`);
    await page.waitForFunction(() => typeof globalThis.kvMatrix === "function");
    const { runtime, results } = await page.evaluate((pageConfig) => globalThis.kvMatrix(pageConfig), config);
    const problem = errors.length > 0 ? `page errors: ${errors.join("; ")}` : undefined;
    // The page's user agent says which engine ran the cases; the browser gives its full version.
    const named = /HeadlessChrome\//.test(runtime) ? `Chromium ${browser.version()}` : runtime;
    return { results, runtime: named, ms: Date.now() - started, ...(problem ? { problem } : {}) };
  } catch (error) {
    return { results: [], problem: (error as Error).message, ms: Date.now() - started };
  } finally {
    await browser?.close();
  }
}

/** Runs one runtime × package row; a runtime that reports another name or version fails the row. */
export async function runRow(
  runtime: MatrixRuntime,
  config: HarnessConfig,
  cwd: string,
): Promise<RowOutcome> {
  const outcome = runtime.command ? await runSpawned(runtime, config, cwd) : await runChromium(config);
  if (outcome.problem || (outcome.runtime !== undefined && runtime.reports.test(outcome.runtime)))
    return outcome;
  return {
    ...outcome,
    problem: `expected ${runtime.name} (${runtime.reports}), but it reported ${outcome.runtime ?? "nothing"}`,
  };
}
