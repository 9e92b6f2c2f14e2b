import { createKvPacer, KvAbortError } from "@telnyx-kv/core";
import {
  KV_DEFAULT_BASE_URL,
  namespacesPath,
  PAGE_NUMBER_PARAM,
  PAGE_SIZE_PARAM,
} from "@telnyx-kv/core/protocol";
import { normalizeBaseUrl, redactText, redactUrl } from "@telnyx-kv/core/transport";
import type { KvFactCheck, KvFactContext, KvFactOutcome } from "./check.js";
import { ACCOUNT_CHECKS } from "./checks-account.js";
import { CLEANUP_CHECKS } from "./checks-cleanup.js";
import { KEY_CHECKS } from "./checks-keys.js";
import { LISTING_CHECKS } from "./checks-listing.js";
import { NAMESPACE_CHECKS } from "./checks-namespace.js";
import { KvBudgetSpent, KvFactsProbe, rateLimitedWhy } from "./probe.js";
import { CLEANUP_REQUESTS, type KvSessionEnd, KvTemporaryNamespace, namespaceRequests } from "./session.js";
import { baseUrlProblem, SETUP_CHECKS, SETUP_REQUESTS, setupProblem } from "./setup.js";
import { KvStepRunner, stepsOf } from "./steps.js";
import type { KvFactRow, KvFactStatus, KvFactsOptions, KvFactsReport } from "./types.js";

/** Every row, in report order: setup, then the API-FACTS sections. */
export const KV_FACT_CHECKS: readonly KvFactCheck[] = [
  ...SETUP_CHECKS,
  ...ACCOUNT_CHECKS,
  ...NAMESPACE_CHECKS,
  ...KEY_CHECKS,
  ...LISTING_CHECKS,
  ...CLEANUP_CHECKS,
];

const DEFAULT_WAIT_MS = 40_000;

/**
 * Requests a run sends at most without any 429: the setup, the namespace's creation and polls (for `waitMs`),
 * each check's own requests, each step the checks need (once), and the deletion.
 */
export function plannedRequests(waitMs = DEFAULT_WAIT_MS): number {
  const sum = (items: Iterable<{ requests: number }>) => [...items].reduce((n, item) => n + item.requests, 0);
  return (
    SETUP_REQUESTS +
    namespaceRequests(waitMs) +
    sum(KV_FACT_CHECKS) +
    sum(stepsOf(KV_FACT_CHECKS)) +
    CLEANUP_REQUESTS
  );
}

/** The default request budget: the plan, derived from the checks (a check that sends more raises it). */
export const KV_FACTS_DEFAULT_BUDGET = plannedRequests();

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

function randomSuffix(): string {
  const bytes = new Uint8Array(6);
  globalThis.crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Runs every fact check against one target: the setup first, then the checks inside one temporary namespace
 * that is always deleted (after a failure, and after `signal` fires). Never throws; the report says it all.
 */
export async function runFactChecks(options: KvFactsOptions): Promise<KvFactsReport> {
  const now = options.now ?? Date.now;
  const started = now();
  const secrets = [options.apiKey];
  const given = options.baseUrl ?? KV_DEFAULT_BASE_URL;
  const clean = (text: string): string => redactText(text, secrets);
  const baseUrl = normalizeBaseUrl(given);
  const budget = options.maxRequests ?? KV_FACTS_DEFAULT_BUDGET;
  // Built once the URL is known to be usable (core refuses a relative one); no request is sent before.
  let probe: KvFactsProbe | undefined;
  const ctx: KvFactContext = {
    get probe(): KvFactsProbe {
      if (!probe) throw new Error("no request is sent before the base URL is checked");
      return probe;
    },
    givenBaseUrl: redactUrl(given, secrets),
    baseUrl: redactUrl(baseUrl, secrets),
    namespaceId: "",
    namespaceName: options.namespaceName ?? `telnyx-kv-doctor-${randomSuffix()}`,
    adopt: () => {},
    read: (step) => {
      throw new Error(`"${step.what}" is read without being declared in needs`);
    },
  };
  const steps = new KvStepRunner(ctx);
  const rows = new Map<string, KvFactRow>();
  let interrupted = false;
  const record = (check: KvFactCheck, outcome: KvFactOutcome): void => {
    if ("skipped" in outcome) {
      rows.set(check.id, toRow(check, clean(outcome.skipped)));
      return;
    }
    const row: KvFactRow = {
      ...toRow(check, ""),
      observed: clean(outcome.observed),
      status: outcome.ok ? "ok" : "differs",
    };
    if (outcome.why) row.why = clean(outcome.why);
    else delete row.why;
    rows.set(check.id, row);
  };
  const runPhase = async (phase: KvFactCheck["phase"], skipWhy?: string): Promise<void> => {
    for (const check of KV_FACT_CHECKS.filter((c) => c.phase === phase)) {
      if (skipWhy !== undefined || interrupted) {
        record(check, { skipped: interrupted ? "interrupted (Ctrl-C)" : (skipWhy as string) });
        continue;
      }
      options.onProgress?.(`checking ${check.id}`);
      try {
        record(check, await check.run(await steps.prepare(check.needs)));
      } catch (error) {
        const limited = rateLimitedWhy(error);
        if (KvAbortError.isInstance(error) || options.signal?.aborted) {
          interrupted = true;
          record(check, { skipped: "interrupted (Ctrl-C)" });
        } else if (error instanceof KvBudgetSpent) {
          record(check, { skipped: error.message });
        } else if (limited) {
          record(check, { skipped: limited });
        } else {
          record(check, { ok: false, observed: error instanceof Error ? error.message : String(error) });
        }
      }
    }
  };

  const report = (extra: Partial<KvFactsReport>): KvFactsReport => {
    const list = KV_FACT_CHECKS.map(
      (check) => rows.get(check.id) ?? toRow(check, extra.setupProblem ? "the setup failed" : "not run"),
    );
    const counts: Record<KvFactStatus, number> = { ok: 0, differs: 0, "not-checked": 0 };
    for (const row of list) counts[row.status]++;
    const setupHeld = extra.setupProblem === undefined;
    return {
      baseUrl: ctx.baseUrl,
      givenBaseUrl: ctx.givenBaseUrl,
      startedAt: new Date(started).toISOString(),
      durationMs: Math.round(now() - started),
      requests: { budget, sent: probe?.sent ?? 0 },
      namespace: { name: ctx.namespaceName, created: false, deleted: true },
      interrupted: interrupted || (options.signal?.aborted ?? false),
      rows: list,
      ok: setupHeld && !interrupted && list.every((row) => !(row.required && row.status === "differs")),
      counts,
      ...extra,
    };
  };

  // The URL rule needs no request: an HTTP URL to the API host is refused before anything is sent.
  const urlProblem = baseUrlProblem(given);
  if (urlProblem) {
    await runPhase("setup");
    return report({ setupProblem: clean(urlProblem) });
  }
  const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
  try {
    probe = new KvFactsProbe({
      baseUrl,
      apiKey: options.apiKey,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs ?? 10_000,
      budget,
      cleanupReserve: Math.min(CLEANUP_REQUESTS, Math.floor(budget / 4)),
      // Core's pacer on the real clock: its waits are timers, whatever clock the report is measured with.
      pacer: createKvPacer(),
      signal: options.signal,
      now,
      onProgress: options.onProgress,
    });
  } catch (error) {
    // Core refuses the options (an empty key): a setup problem, reported like the others.
    await runPhase("setup");
    return report({ setupProblem: clean(error instanceof Error ? error.message : String(error)) });
  }
  options.onProgress?.(`checking the setup at ${ctx.baseUrl} (at most ${budget} requests)`);
  try {
    ctx.setup = await probe.send({
      method: "GET",
      path: `${namespacesPath()}?${PAGE_NUMBER_PARAM.name}=1&${PAGE_SIZE_PARAM.name}=1`,
    });
  } catch (error) {
    if (KvAbortError.isInstance(error)) interrupted = true;
    ctx.setupError = error;
  }
  await runPhase("setup");
  const problem = interrupted ? undefined : setupProblem(ctx);
  if (problem || interrupted) {
    return report(problem ? { setupProblem: clean(problem) } : {});
  }
  await runPhase("account");

  const session = new KvTemporaryNamespace(ctx, {
    waitMs,
    now,
    sleep: options.sleep ?? defaultSleep,
    signal: options.signal,
    onProgress: options.onProgress,
  });
  ctx.adopt = (answer) => session.adopt(answer);
  let end: KvSessionEnd = { deleted: true };
  let created = false;
  try {
    let notReady: string | undefined;
    if (!interrupted) {
      try {
        notReady = await session.create();
      } catch (error) {
        if (KvAbortError.isInstance(error) || options.signal?.aborted) interrupted = true;
        else notReady = clean(`creating the temporary namespace failed: ${(error as Error).message}`);
      }
    }
    await runPhase("namespace", notReady);
  } finally {
    created = session.created;
    end = await session.dispose(interrupted || (options.signal?.aborted ?? false));
  }
  const wasInterrupted = interrupted;
  interrupted = false;
  await runPhase("cleanup");
  interrupted = wasInterrupted;
  const namespace: KvFactsReport["namespace"] = { name: ctx.namespaceName, created, deleted: end.deleted };
  if (ctx.namespaceId) namespace.id = ctx.namespaceId;
  if (end.problem) namespace.problem = clean(end.problem);
  return report({ namespace });
}

/** A row of `check` that was not checked, and why. */
function toRow(check: KvFactCheck, why: string): KvFactRow {
  return {
    id: check.id,
    section: check.section,
    fact: check.fact,
    kind: check.kind,
    expected: check.expected,
    observed: "",
    status: "not-checked",
    why,
    required: check.kind !== "choice" && !check.advisory,
  };
}
