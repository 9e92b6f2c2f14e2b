import { KV_ERRORS, NAMESPACES_DELETE } from "@telnyx-kv/core/protocol";
import { dataOf, describe, expectedStatus, hasStatus } from "./answers.js";
import type { KvFactCheck } from "./check.js";

/**
 * Checks of namespace deletion, observed while the temporary namespace is deleted at the end: they send
 * nothing themselves (the session's requests are counted by the session, `CLEANUP_REQUESTS`).
 */
export const CLEANUP_CHECKS: readonly KvFactCheck[] = [
  {
    id: "ns.delete",
    section: "Namespaces",
    fact: 'DELETE /storage/kvs/{id} → 200 {"data":{…,"status":"deleting"}}',
    kind: "doc",
    expected: `${expectedStatus(NAMESPACES_DELETE.success)}, status deleting`,
    phase: "cleanup",
    requests: 0,
    async run(ctx) {
      const answer = ctx.deletion?.first;
      if (!answer) return { skipped: "the namespace was not created" };
      const status = dataOf(answer)?.status;
      return {
        ok: hasStatus(answer, NAMESPACES_DELETE.success) && status === "deleting",
        observed: `${describe(answer)}, status ${JSON.stringify(status)}`,
      };
    },
  },
  {
    id: "ns.delete-again",
    section: "Namespaces",
    fact: "Deleting again while deleting → 409",
    kind: "doc",
    expected: "409",
    phase: "cleanup",
    requests: 0,
    async run(ctx) {
      const answer = ctx.deletion?.again;
      if (ctx.deletion?.interrupted) return { skipped: "interrupted: deleted without further checks" };
      if (!answer) return { skipped: "the first delete was not accepted" };
      if (answer.status === 404) return { skipped: "the namespace was gone at once (404)" };
      return { ok: answer.status === KV_ERRORS.resourceInUse.status, observed: describe(answer) };
    },
  },
  {
    id: "ns.keys-while-deleting",
    section: "Namespaces",
    fact: "Key operations while deleting → 409",
    kind: "choice",
    expected: "409",
    phase: "cleanup",
    requests: 0,
    async run(ctx) {
      const answer = ctx.deletion?.keyRead;
      if (ctx.deletion?.interrupted) return { skipped: "interrupted: deleted without further checks" };
      if (!answer) return { skipped: "the first delete was not accepted" };
      if (answer.status === 404) return { skipped: "the namespace was gone at once (404)" };
      return { ok: answer.status === 409, observed: describe(answer) };
    },
  },
  {
    id: "ns.gone",
    section: "Namespaces",
    fact: "A deleted namespace later answers 404",
    kind: "doc",
    expected: "404",
    phase: "cleanup",
    requests: 0,
    async run(ctx) {
      const gone = ctx.deletion?.gone;
      if (!gone)
        return {
          skipped: ctx.deletion?.first ? "the delete was not accepted" : "the namespace was not created",
        };
      if (gone.status === undefined) return { skipped: "not polled" };
      const observed = `${gone.status} after ${(gone.ms / 1000).toFixed(1)} s (${gone.polls} GET${gone.polls === 1 ? "" : "s"})`;
      if (gone.status !== 404 && ctx.deletion?.interrupted)
        return { skipped: `interrupted while still deleting (last GET ${gone.status})` };
      return { ok: gone.status === 404, observed };
    },
  },
];
