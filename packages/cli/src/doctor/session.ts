import {
  KV_MAX_PAGE_SIZE,
  keyPath,
  namespacePath,
  namespacesPath,
  PAGE_NUMBER_PARAM,
  PAGE_SIZE_PARAM,
} from "@telnyx-kv/core/protocol";
import { dataOf, describe, isSuccess } from "./answers.js";
import type { KvFactContext } from "./check.js";
import { KvBudgetSpent, type KvProbeAnswer } from "./probe.js";

/** Timing of a {@link KvTemporaryNamespace}. */
export interface KvSessionTiming {
  waitMs: number;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal: AbortSignal | undefined;
  onProgress: ((line: string) => void) | undefined;
}

/** How the temporary namespace ended. */
export interface KvSessionEnd {
  deleted: boolean;
  problem?: string;
}

// Growing pauses between status polls: about a dozen GETs cover the documented 3–20 s of provisioning.
const POLL_STEPS_MS = [1000, 1000, 2000, 2000, 3000, 5000];
// Looks for the 404 of a deleted namespace at most this often, within the cleanup reserve.
const MAX_GONE_POLLS = 10;
// A create whose answer was lost is looked for on the first and the last page of the listing.
const FIND_BY_NAME_PAGES = 2;

/** The pause before status poll number `polls` + 1. */
function pollPause(polls: number): number {
  return POLL_STEPS_MS[Math.min(polls - 1, POLL_STEPS_MS.length - 1)] as number;
}

/** Requests the namespace's creation sends at most: the create, the key read while pending, the polls. */
export function namespaceRequests(waitMs: number): number {
  // Polls go on until `waitMs` has passed; counting the pauses alone (no request time) bounds them from above.
  let polls = 1;
  for (let waited = 0; waited < waitMs; polls++) waited += pollPause(polls);
  return 2 + polls;
}

/** Requests the deletion sends at most: the lost create looked up, the delete, a second one, a key read, the polls for 404. */
export const CLEANUP_REQUESTS = FIND_BY_NAME_PAGES + 3 + MAX_GONE_POLLS;

/** The one namespace the fact checks create, and its guaranteed deletion (with any a check made by accident). */
export class KvTemporaryNamespace {
  /** Whether a create was sent whose answer never came: the namespace may exist under our name. */
  #unsure = false;
  readonly #extra = new Set<string>();
  readonly #ctx: KvFactContext;
  readonly #t: KvSessionTiming;

  constructor(ctx: KvFactContext, timing: KvSessionTiming) {
    this.#ctx = ctx;
    this.#t = timing;
  }

  /** Whether a namespace exists that {@link dispose} must delete. */
  get created(): boolean {
    return this.#ctx.namespaceId !== "" || this.#unsure;
  }

  /** Remembers a namespace a check created although the API should have refused it. */
  adopt(answer: KvProbeAnswer): void {
    const id = dataOf(answer)?.id;
    if (isSuccess(answer) && typeof id === "string" && id !== this.#ctx.namespaceId) this.#extra.add(id);
  }

  /** Creates the namespace and waits for `provision_ok`; a string says why the namespace checks cannot run. */
  async create(): Promise<string | undefined> {
    const ctx = this.#ctx;
    this.#t.onProgress?.(`creating the temporary namespace ${ctx.namespaceName}`);
    let answer: KvProbeAnswer;
    this.#unsure = true;
    try {
      answer = await ctx.probe.send({
        method: "POST",
        path: namespacesPath(),
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: ctx.namespaceName }),
      });
    } catch (error) {
      if (error instanceof KvBudgetSpent) this.#unsure = false;
      throw error;
    }
    this.#unsure = false;
    ctx.created = answer;
    const id = dataOf(answer)?.id;
    if (!isSuccess(answer) || typeof id !== "string") {
      return `creating the temporary namespace answered ${describe(answer)}`;
    }
    ctx.namespaceId = id;
    // Before any poll, so a namespace that is still pending shows how key operations answer then.
    ctx.keyWhilePending = await ctx.probe.send({ method: "GET", path: keyPath(id, "doctor/pending") });
    return this.#waitReady(id);
  }

  async #waitReady(id: string): Promise<string | undefined> {
    const ctx = this.#ctx;
    const started = this.#t.now();
    let polls = 0;
    let answer: KvProbeAnswer | undefined;
    for (;;) {
      answer = await ctx.probe.send({ method: "GET", path: namespacePath(id) });
      polls++;
      const status = dataOf(answer)?.status;
      const ms = this.#t.now() - started;
      ctx.provisioning = { answer, polls, ms };
      if (status === "provision_ok") return undefined;
      if (answer.status !== 200 || status !== "pending") {
        return `the temporary namespace is ${status === undefined ? describe(answer) : JSON.stringify(status)}, not provision_ok`;
      }
      if (ms >= this.#t.waitMs)
        return `the temporary namespace is still pending after ${Math.round(ms / 1000)} s`;
      this.#t.onProgress?.(`waiting for provision_ok (${polls} poll${polls === 1 ? "" : "s"})`);
      await this.#t.sleep(pollPause(polls), this.#t.signal);
    }
  }

  /** Deletes every namespace the run created, ignoring Ctrl-C; never throws. */
  async dispose(interrupted: boolean): Promise<KvSessionEnd> {
    const ctx = this.#ctx;
    ctx.deletion = { interrupted };
    try {
      for (const extra of this.#extra) await this.#delete(extra);
      if (ctx.namespaceId === "" && this.#unsure) await this.#findByName();
      if (ctx.namespaceId === "") return { deleted: !this.#unsure };
      this.#t.onProgress?.(`deleting the temporary namespace ${ctx.namespaceName}`);
      const first = await this.#delete(ctx.namespaceId);
      ctx.deletion.first = first;
      // 409: a deletion is already under way (a repeated Ctrl-C, another run); 404: already gone.
      if (!isSuccess(first) && first.status !== 404 && first.status !== 409)
        return this.#leftBehind(`DELETE answered ${describe(first)}`);
    } catch (error) {
      return this.#leftBehind(error instanceof Error ? error.message : String(error));
    }
    // The deletion is accepted: what follows only observes it, and a failure here leaves nothing behind.
    try {
      if (!interrupted && isSuccess(ctx.deletion.first as KvProbeAnswer)) {
        ctx.deletion.again = await this.#delete(ctx.namespaceId);
        ctx.deletion.keyRead = await ctx.probe.send(
          { method: "GET", path: keyPath(ctx.namespaceId, "doctor/value") },
          true,
        );
      }
      await this.#waitGone(interrupted);
    } catch {
      // Observations stop at the first lost request (or when the cleanup reserve is spent).
    }
    return { deleted: true };
  }

  #delete(id: string): Promise<KvProbeAnswer> {
    return this.#ctx.probe.send({ method: "DELETE", path: namespacePath(id) }, true);
  }

  async #waitGone(interrupted: boolean): Promise<void> {
    const ctx = this.#ctx;
    const started = this.#t.now();
    const gone: { polls: number; ms: number; status: number | undefined } = {
      polls: 0,
      ms: 0,
      status: undefined,
    };
    if (ctx.deletion) ctx.deletion.gone = gone;
    while (gone.polls < MAX_GONE_POLLS) {
      const answer = await ctx.probe.send({ method: "GET", path: namespacePath(ctx.namespaceId) }, true);
      gone.polls++;
      gone.status = answer.status;
      gone.ms = this.#t.now() - started;
      // Interrupted: one look is enough; the API finishes the deletion on its own.
      if (answer.status === 404 || interrupted || gone.ms >= this.#t.waitMs) return;
      await this.#t.sleep(pollPause(gone.polls));
    }
  }

  // A create whose answer was lost may still have made the namespace: find it by its (random) name.
  async #findByName(): Promise<void> {
    const ctx = this.#ctx;
    // The largest page, so the oldest and the newest page (where a new namespace sorts) cover most accounts.
    const page = (number: number) =>
      `${namespacesPath()}?${PAGE_SIZE_PARAM.name}=${KV_MAX_PAGE_SIZE}&${PAGE_NUMBER_PARAM.name}=${number}`;
    const first = await ctx.probe.send({ method: "GET", path: page(1) }, true);
    let pages = [first];
    const total = Number((first.json as { meta?: { total_pages?: unknown } } | undefined)?.meta?.total_pages);
    if (Number.isInteger(total) && total > 1) {
      pages = [await ctx.probe.send({ method: "GET", path: page(total) }, true), first];
    }
    for (const page of pages) {
      const data = (page.json as { data?: Array<{ id?: unknown; name?: unknown }> } | undefined)?.data ?? [];
      const mine = data.find((ns) => ns.name === ctx.namespaceName);
      if (typeof mine?.id === "string") {
        ctx.namespaceId = mine.id;
        return;
      }
    }
    this.#unsure = false;
  }

  #leftBehind(reason: string): KvSessionEnd {
    const ctx = this.#ctx;
    const which = ctx.namespaceId ? `${ctx.namespaceName} (${ctx.namespaceId})` : ctx.namespaceName;
    return {
      deleted: false,
      problem: `The temporary namespace ${which} may be left behind (${reason}): delete it with \`telnyx-kv namespace delete ${ctx.namespaceId || ctx.namespaceName} --yes\`.`,
    };
  }
}
