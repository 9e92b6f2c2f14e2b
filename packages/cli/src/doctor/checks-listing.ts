import {
  CURSOR_PARAM,
  KEYS_LIST,
  KV_ERRORS,
  KV_MAX_LIST_LIMIT,
  keyPath,
  keysPath,
  LIMIT_PARAM,
  PREFIX_PARAM,
} from "@telnyx-kv/core/protocol";
import {
  ascendingBytes,
  describe,
  expectedError,
  expectedStatus,
  hasStatus,
  isError,
  isSuccess,
} from "./answers.js";
import { factStep, type KvFactCheck, type KvFactContext } from "./check.js";
import type { KvProbeAnswer } from "./probe.js";

const PREFIX = "list/";
// Written in this order; byte order is "-" < "0" < "B" < "_" < "b", which locale-aware sorting would not give.
const WRITE_ORDER = ["b", "_", "B", "0", "-"].map((suffix) => `${PREFIX}${suffix}`);
const BYTE_ORDER = [...WRITE_ORDER].sort();
// Pages of 2 cover the keys in 3; a cursor that never ends stops after one page per key.
const MAX_PAGES = WRITE_ORDER.length;
const RFC3339_NANOS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}(Z|[+-]\d\d:\d\d)$/;

interface KeyListing {
  record_type?: unknown;
  data?: Array<Record<string, unknown>>;
  meta?: { has_more?: unknown; cursor?: unknown };
}

const list = (ctx: KvFactContext, query: string) =>
  ctx.probe.send({ method: "GET", path: `${keysPath(ctx.namespaceId)}?${query}` });

// The keys are written once, before the first listing that needs them.
const written = factStep({
  what: `the writes of ${WRITE_ORDER.length} keys under ${PREFIX}`,
  requests: WRITE_ORDER.length,
  async run(ctx) {
    let last: KvProbeAnswer | undefined;
    for (const key of WRITE_ORDER) {
      last = await ctx.probe.send({
        method: "PUT",
        path: keyPath(ctx.namespaceId, key),
        body: new Uint8Array([1]),
      });
      if (!isSuccess(last)) throw new Error(`writing ${key} answered ${describe(last)}`);
    }
    return last as KvProbeAnswer;
  },
});

const fullListing = factStep({
  what: `the listing of ${PREFIX}`,
  requests: 1,
  needs: [written],
  run: (ctx) => list(ctx, `${PREFIX_PARAM.name}=${encodeURIComponent(PREFIX)}`),
});

const keysOf = (answer: KvProbeAnswer): string[] =>
  ((answer.json as KeyListing | undefined)?.data ?? []).map((entry) => String(entry.key));

/** Checks of the key listing: shape, order, paging, limits, prefixes. */
export const LISTING_CHECKS: readonly KvFactCheck[] = [
  {
    id: "list.shape",
    section: "Keys",
    fact: 'GET …/keys → {"record_type":"storage_kv_key","data":[{key,size_bytes,updated_at}],"meta":{has_more}}, never values',
    kind: "doc",
    expected: "that shape, no value field",
    phase: "namespace",
    requests: 0,
    needs: [fullListing],
    async run(ctx) {
      const answer = ctx.read(fullListing);
      const json = answer.json as KeyListing | undefined;
      const entries = json?.data;
      if (answer.status !== 200 || !Array.isArray(entries)) return { ok: false, observed: describe(answer) };
      const bad = entries.find(
        (e) =>
          typeof e.key !== "string" ||
          !Number.isInteger(e.size_bytes) ||
          typeof e.updated_at !== "string" ||
          "value" in e,
      );
      const observed = `200, record_type ${JSON.stringify(json?.record_type)}, ${entries.length} entries${bad ? `, an entry ${JSON.stringify(bad)}` : ""}`;
      const ok = json?.record_type === "storage_kv_key" && !bad && typeof json?.meta?.has_more === "boolean";
      return { ok, observed };
    },
  },
  {
    id: "list.updated-at",
    section: "Keys",
    fact: "updated_at is RFC 3339 with nanoseconds",
    kind: "doc",
    expected: "e.g. 2026-01-02T03:04:05.123456789Z",
    phase: "namespace",
    requests: 0,
    needs: [fullListing],
    async run(ctx) {
      const answer = ctx.read(fullListing);
      const first = (answer.json as KeyListing | undefined)?.data?.[0]?.updated_at;
      if (first === undefined) return { skipped: "the listing had no entry" };
      return { ok: typeof first === "string" && RFC3339_NANOS.test(first), observed: String(first) };
    },
  },
  {
    id: "list.last-page",
    section: "Keys",
    fact: "meta.cursor is omitted on the last page",
    kind: "doc",
    expected: "has_more false, no cursor",
    phase: "namespace",
    requests: 0,
    needs: [fullListing],
    async run(ctx) {
      const meta = (ctx.read(fullListing).json as KeyListing | undefined)?.meta;
      const observed = `has_more ${JSON.stringify(meta?.has_more)}, cursor ${meta && "cursor" in meta ? JSON.stringify(meta.cursor) : "absent"}`;
      return { ok: meta?.has_more === false && meta !== undefined && !("cursor" in meta), observed };
    },
  },
  {
    id: "list.order",
    section: "Keys",
    fact: "Key listing order: ascending by key, byte order",
    kind: "choice",
    expected: BYTE_ORDER.join(" "),
    phase: "namespace",
    requests: 0,
    needs: [fullListing],
    async run(ctx) {
      const keys = keysOf(ctx.read(fullListing));
      const ok = keys.length === BYTE_ORDER.length && ascendingBytes(keys);
      return { ok, observed: keys.join(" ") || "(no keys)" };
    },
  },
  {
    id: "list.paging",
    section: "Keys",
    fact: "limit and cursor page through; a key present for the whole listing appears once",
    kind: "doc",
    expected: `limit=2: 3 pages, each of the ${WRITE_ORDER.length} keys once`,
    phase: "namespace",
    requests: MAX_PAGES,
    needs: [written],
    async run(ctx) {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const query = `${PREFIX_PARAM.name}=${encodeURIComponent(PREFIX)}&${LIMIT_PARAM.name}=2${cursor ? `&${CURSOR_PARAM.name}=${encodeURIComponent(cursor)}` : ""}`;
        const answer = await list(ctx, query);
        if (answer.status !== 200)
          return { ok: false, observed: `page ${pages + 1} answered ${describe(answer)}` };
        pages++;
        seen.push(...keysOf(answer));
        const meta = (answer.json as KeyListing | undefined)?.meta;
        cursor = meta?.has_more === true && typeof meta.cursor === "string" ? meta.cursor : undefined;
      } while (cursor && pages < MAX_PAGES);
      const once = seen.length === WRITE_ORDER.length && new Set(seen).size === seen.length;
      return {
        ok: once,
        observed: `${pages} pages, ${seen.length} keys${once ? ", each once" : `: ${seen.join(" ")}`}`,
      };
    },
  },
  {
    id: "list.limit-clamp",
    section: "Keys",
    fact: "limit 1..1000, values above 1000 treated as 1000",
    kind: "doc",
    expected: `limit=${KV_MAX_LIST_LIMIT * 5} answers ${expectedStatus(KEYS_LIST.success)}`,
    phase: "namespace",
    requests: 1,
    async run(ctx) {
      const answer = await list(
        ctx,
        `${PREFIX_PARAM.name}=${encodeURIComponent(PREFIX)}&${LIMIT_PARAM.name}=${KV_MAX_LIST_LIMIT * 5}`,
      );
      return { ok: hasStatus(answer, KEYS_LIST.success), observed: describe(answer) };
    },
  },
  {
    id: "list.limit-invalid",
    section: "Keys",
    fact: "limit < 1 or not an integer → 400",
    kind: "choice",
    expected: "limit=0 answers 400",
    phase: "namespace",
    requests: 1,
    async run(ctx) {
      const answer = await list(ctx, "limit=0");
      return { ok: answer.status === 400, observed: describe(answer) };
    },
  },
  {
    id: "list.bad-prefix",
    section: "Keys",
    fact: "An invalid prefix → 400, code 10015",
    kind: "choice",
    expected: expectedError(KV_ERRORS.badRequest),
    phase: "namespace",
    requests: 1,
    async run(ctx) {
      const answer = await list(ctx, `${PREFIX_PARAM.name}=${encodeURIComponent("not valid!")}`);
      return { ok: isError(answer, KV_ERRORS.badRequest), observed: describe(answer) };
    },
  },
];
