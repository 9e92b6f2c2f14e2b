import {
  KV_ERRORS,
  KV_MAX_PAGE_SIZE,
  KV_UUID_PATTERN,
  NAMESPACES_CREATE,
  NAMESPACES_GET,
  NAMESPACES_LIST,
  namespacesPath,
  PAGE_NUMBER_PARAM,
  PAGE_SIZE_PARAM,
} from "@telnyx-kv/core/protocol";
import { dataOf, describe, errorRows, expectedError, expectedStatus, hasStatus, isError } from "./answers.js";
import { factStep, type KvFactCheck, type KvFactContext } from "./check.js";

const STATUSES = ["pending", "provision_ok", "provision_failed", "deleting", "delete_failed", "deleted"];

const bigPage = factStep({
  what: `the namespace listing with ${PAGE_SIZE_PARAM.name}=${KV_MAX_PAGE_SIZE + 50}`,
  requests: 1,
  run: (ctx) =>
    ctx.probe.send({
      method: "GET",
      path: `${namespacesPath()}?${PAGE_NUMBER_PARAM.name}=1&${PAGE_SIZE_PARAM.name}=${KV_MAX_PAGE_SIZE + 50}`,
    }),
});

const duplicate = factStep({
  what: "the create under the temporary namespace's name",
  requests: 1,
  async run(ctx) {
    const answer = await ctx.probe.send({
      method: "POST",
      path: namespacesPath(),
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: ctx.namespaceName }),
    });
    ctx.adopt(answer);
    return answer;
  },
});

function recordProblem(record: Record<string, unknown> | undefined, ctx: KvFactContext): string | undefined {
  if (!record) return "no data object";
  if (record.record_type !== "storage_kv") return `record_type ${JSON.stringify(record.record_type)}`;
  if (typeof record.id !== "string" || !KV_UUID_PATTERN.test(record.id))
    return `id ${JSON.stringify(record.id)}`;
  if (record.name !== ctx.namespaceName) return `name ${JSON.stringify(record.name)}`;
  if (typeof record.status !== "string" || !STATUSES.includes(record.status))
    return `status ${JSON.stringify(record.status)}`;
  for (const field of ["created_at", "updated_at"]) {
    if (typeof record[field] !== "string" || Number.isNaN(Date.parse(record[field] as string)))
      return `${field} ${JSON.stringify(record[field])}`;
  }
  return undefined;
}

/** Checks of the namespace lifecycle and listing, run with the temporary namespace in place. */
export const NAMESPACE_CHECKS: readonly KvFactCheck[] = [
  {
    id: "ns.list",
    section: "Namespaces",
    fact: 'GET /storage/kvs → {"data":[…],"meta":{page_number,page_size,total_pages,total_results}}',
    kind: "doc",
    expected: "a data array and four whole numbers in meta",
    phase: "account",
    requests: 0,
    async run(ctx) {
      const json = ctx.setup?.json as { data?: unknown; meta?: Record<string, unknown> } | undefined;
      const meta = json?.meta ?? {};
      const fields = ["page_number", "page_size", "total_pages", "total_results"];
      const observed = `data ${Array.isArray(json?.data) ? "array" : typeof json?.data}, meta ${fields.map((f) => `${f}=${JSON.stringify(meta[f])}`).join(" ")}`;
      return { ok: Array.isArray(json?.data) && fields.every((f) => Number.isInteger(meta[f])), observed };
    },
  },
  {
    id: "ns.create",
    section: "Namespaces",
    fact: "POST /storage/kvs {name} → 201 {data:{record_type, id, name, status:pending, created_at, updated_at}}",
    kind: "doc",
    expected: `${expectedStatus(NAMESPACES_CREATE.success)}, a storage_kv record with status pending`,
    phase: "namespace",
    requests: 0,
    async run(ctx) {
      const answer = ctx.created;
      if (!answer) return { skipped: "the namespace was not created" };
      const record = dataOf(answer);
      const problem = recordProblem(record, ctx);
      const observed = `${answer.status}, status ${JSON.stringify(record?.status)}${problem ? `, ${problem}` : ""}`;
      const ok = hasStatus(answer, NAMESPACES_CREATE.success) && !problem && record?.status === "pending";
      return { ok, observed };
    },
  },
  {
    id: "ns.pending-keys",
    section: "Namespaces",
    fact: "Key operations on a namespace that is not provision_ok → 409",
    kind: "doc",
    expected: "409 while pending",
    phase: "namespace",
    requests: 0,
    async run(ctx) {
      const answer = ctx.keyWhilePending;
      if (!answer) return { skipped: "no key request was sent while the namespace was pending" };
      if (answer.status === 404)
        return { skipped: "the namespace was provision_ok at once (the key read answered 404)" };
      return { ok: answer.status === 409, observed: describe(answer) };
    },
  },
  {
    id: "ns.provisioning",
    section: "Namespaces",
    fact: "Provisioning is asynchronous: pending for about 3–20 s, then provision_ok",
    kind: "doc",
    expected: "provision_ok",
    phase: "namespace",
    requests: 0,
    async run(ctx) {
      const p = ctx.provisioning;
      if (!p?.answer) return { skipped: "the namespace was not created" };
      const status = dataOf(p.answer)?.status;
      const observed = `${JSON.stringify(status)} after ${(p.ms / 1000).toFixed(1)} s (${p.polls} GET${p.polls === 1 ? "" : "s"})`;
      return { ok: status === "provision_ok", observed };
    },
  },
  {
    id: "ns.get",
    section: "Namespaces",
    fact: "GET /storage/kvs/{id} → 200 {data:{…}}",
    kind: "doc",
    expected: `${expectedStatus(NAMESPACES_GET.success)}, the namespace's storage_kv record`,
    phase: "namespace",
    requests: 0,
    async run(ctx) {
      const answer = ctx.provisioning?.answer;
      if (!answer) return { skipped: "the namespace was not created" };
      const problem = recordProblem(dataOf(answer), ctx);
      const id = dataOf(answer)?.id;
      const ok = hasStatus(answer, NAMESPACES_GET.success) && !problem && id === ctx.namespaceId;
      return { ok, observed: `${answer.status}${problem ? `, ${problem}` : ", the record"}` };
    },
  },
  ...errorRows({
    id: "ns.duplicate",
    section: "Namespaces",
    fact: "A name already used in the account → 409",
    codeFact: "Duplicate name → code 10012",
    error: KV_ERRORS.duplicateResource,
    phase: "namespace",
    answer: duplicate,
  }),
  {
    id: "ns.bad-name",
    section: "Namespaces",
    fact: "Bad request bodies (invalid name) → 400, code 10015",
    kind: "choice",
    expected: expectedError(KV_ERRORS.badRequest),
    phase: "namespace",
    requests: 1,
    async run(ctx) {
      const answer = await ctx.probe.send({
        method: "POST",
        path: namespacesPath(),
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "Not A Valid Name!" }),
      });
      ctx.adopt(answer);
      return { ok: isError(answer, KV_ERRORS.badRequest), observed: describe(answer) };
    },
  },
  {
    id: "ns.page-size-clamp",
    section: "Namespaces",
    fact: "page[size] 1..250, values above 250 treated as 250",
    kind: "doc",
    expected: `${PAGE_SIZE_PARAM.name}=${KV_MAX_PAGE_SIZE + 50} answers ${expectedStatus(NAMESPACES_LIST.success)}`,
    phase: "namespace",
    requests: 0,
    needs: [bigPage],
    async run(ctx) {
      const answer = ctx.read(bigPage);
      return { ok: hasStatus(answer, NAMESPACES_LIST.success), observed: describe(answer) };
    },
  },
  {
    id: "ns.page-size-meta",
    section: "Namespaces",
    fact: "meta.page_size reports the size actually used (250 when clamped)",
    kind: "choice",
    expected: `meta.page_size ${KV_MAX_PAGE_SIZE}`,
    phase: "namespace",
    requests: 0,
    needs: [bigPage],
    async run(ctx) {
      const answer = ctx.read(bigPage);
      if (answer.status !== 200) return { skipped: `the listing answered ${answer.status}` };
      const size = (answer.json as { meta?: { page_size?: unknown } } | undefined)?.meta?.page_size;
      return { ok: size === KV_MAX_PAGE_SIZE, observed: `meta.page_size ${JSON.stringify(size)}` };
    },
  },
  {
    id: "ns.order",
    section: "Namespaces",
    fact: "Namespace listing order: creation time, oldest first",
    kind: "choice",
    expected: "created_at ascending",
    phase: "namespace",
    requests: 0,
    needs: [bigPage],
    async run(ctx) {
      const answer = ctx.read(bigPage);
      const data = (answer.json as { data?: Array<{ created_at?: unknown }> } | undefined)?.data;
      if (answer.status !== 200 || !Array.isArray(data))
        return { skipped: `the listing answered ${answer.status}` };
      if (data.length < 2) return { skipped: "fewer than two namespaces in the account" };
      const times = data.map((ns) => Date.parse(String(ns.created_at)));
      const ascending = times.every((t, i) => i === 0 || (times[i - 1] as number) <= t);
      return {
        ok: ascending,
        observed: `${data.length} namespaces, created_at ${ascending ? "ascending" : "not ascending"}`,
      };
    },
  },
];
