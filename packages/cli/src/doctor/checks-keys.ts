import {
  KEYS_DELETE,
  KEYS_GET,
  KV_DEFAULT_CONTENT_TYPE,
  KV_ERRORS,
  KV_MAX_VALUE_BYTES,
  KV_PUT_STATUS,
  keyPath,
  TTL_SECS_PARAM,
} from "@telnyx-kv/core/protocol";
import {
  describe,
  errorRows,
  expectedError,
  expectedStatus,
  hasStatus,
  isError,
  isSuccess,
  sameBytes,
} from "./answers.js";
import { factStep, type KvFactCheck, type KvFactContext, rawSlashKeyPath } from "./check.js";
import type { KvProbeRequest } from "./probe.js";

// Bytes that text decoding, JSON or a proxy would change: NUL, CR LF, invalid UTF-8.
const VALUE = new Uint8Array([0x00, 0x01, 0x0d, 0x0a, 0xff, 0xfe, 0x7b, 0x22]);
const CONTENT_TYPE = "application/x-telnyx-kv-doctor";
const TTL_SECONDS = 3600;
// The statuses every row expects, from core's protocol table (what the emulator answers too).
const CREATED = KV_PUT_STATUS.created;
const REPLACED = KV_PUT_STATUS.replaced;
const READ = KEYS_GET.success;
const DELETED = KEYS_DELETE.success;

const put = (
  ctx: KvFactContext,
  key: string,
  body: Uint8Array<ArrayBuffer>,
  extra: Partial<KvProbeRequest> = {},
) => ctx.probe.send({ method: "PUT", path: keyPath(ctx.namespaceId, key), body, ...extra });
const get = (ctx: KvFactContext, key: string) =>
  ctx.probe.send({ method: "GET", path: keyPath(ctx.namespaceId, key) });

const created = factStep({
  what: "the first write of doctor/value",
  requests: 1,
  run: (ctx) => put(ctx, "doctor/value", VALUE, { headers: { "content-type": CONTENT_TYPE } }),
});
const updated = factStep({
  what: "the second write of doctor/value",
  requests: 1,
  needs: [created],
  run: (ctx) => put(ctx, "doctor/value", VALUE, { headers: { "content-type": CONTENT_TYPE } }),
});
const readBack = factStep({
  what: "the read of doctor/value",
  requests: 1,
  needs: [updated],
  run: (ctx) => get(ctx, "doctor/value"),
});
const missing = factStep({
  what: "the read of a missing key",
  requests: 1,
  run: (ctx) => get(ctx, "doctor/missing"),
});
const deleteMissing = factStep({
  what: "the delete of a key never written",
  requests: 1,
  run: (ctx) => ctx.probe.send({ method: "DELETE", path: keyPath(ctx.namespaceId, "doctor/never-written") }),
});
// Written without a Content-Type; read back for its stored type, then deleted to see it gone.
const untyped = factStep({
  what: "the write of doctor/untyped",
  requests: 1,
  run: (ctx) => put(ctx, "doctor/untyped", VALUE),
});
const tooLarge = factStep({
  what: "the write of a value over 1 MiB",
  requests: 1,
  run: (ctx) => put(ctx, "doctor/too-large", new Uint8Array(KV_MAX_VALUE_BYTES + 1)),
});
const withTtl = factStep({
  what: "the write with a TTL",
  requests: 1,
  run: (ctx) =>
    ctx.probe.send({
      method: "PUT",
      path: `${keyPath(ctx.namespaceId, "doctor/ttl")}?${TTL_SECS_PARAM.name}=${TTL_SECONDS}`,
      body: VALUE,
    }),
});

/** Checks of single-key reads, writes and deletes, inside the temporary namespace. */
export const KEY_CHECKS: readonly KvFactCheck[] = [
  {
    id: "keys.put-created",
    section: "Keys",
    fact: "PUT …/keys/{key}: 201 when created, empty body",
    kind: "doc",
    expected: `${CREATED} (empty)`,
    phase: "namespace",
    requests: 0,
    needs: [created],
    async run(ctx) {
      const answer = ctx.read(created);
      return { ok: answer.status === CREATED && answer.body.length === 0, observed: describe(answer) };
    },
  },
  {
    id: "keys.put-updated",
    section: "Keys",
    fact: "PUT …/keys/{key}: 200 when updated, empty body",
    kind: "doc",
    expected: `${REPLACED} (empty)`,
    phase: "namespace",
    requests: 0,
    needs: [updated],
    async run(ctx) {
      const answer = ctx.read(updated);
      return { ok: answer.status === REPLACED && answer.body.length === 0, observed: describe(answer) };
    },
  },
  {
    id: "keys.get-bytes",
    section: "Keys",
    fact: "GET …/keys/{key} → 200, the raw bytes, verbatim",
    kind: "doc",
    expected: `${expectedStatus(READ)} with the ${VALUE.length} bytes written (NUL, CR LF, invalid UTF-8)`,
    phase: "namespace",
    requests: 0,
    needs: [readBack],
    async run(ctx) {
      const answer = ctx.read(readBack);
      const same = sameBytes(answer.body, VALUE);
      return {
        ok: hasStatus(answer, READ) && same,
        observed: `${answer.status} with ${answer.body.length} bytes${same ? ", the same" : ", different bytes"}`,
      };
    },
  },
  {
    id: "keys.content-type",
    section: "Keys",
    fact: "The request Content-Type is stored and echoed on GET",
    kind: "doc",
    expected: CONTENT_TYPE,
    phase: "namespace",
    requests: 0,
    needs: [readBack],
    async run(ctx) {
      const answer = ctx.read(readBack);
      return { ok: answer.contentType === CONTENT_TYPE, observed: answer.contentType || "(none)" };
    },
  },
  {
    id: "keys.default-content-type",
    section: "Keys",
    fact: "A write without Content-Type is stored as application/octet-stream",
    kind: "doc",
    expected: KV_DEFAULT_CONTENT_TYPE,
    phase: "namespace",
    requests: 1,
    needs: [untyped],
    async run(ctx) {
      // A Uint8Array body makes fetch send no Content-Type at all.
      const written = ctx.read(untyped);
      if (!isSuccess(written)) return { ok: false, observed: `the write answered ${describe(written)}` };
      const answer = await get(ctx, "doctor/untyped");
      return { ok: answer.contentType === KV_DEFAULT_CONTENT_TYPE, observed: answer.contentType || "(none)" };
    },
  },
  {
    id: "keys.empty-value",
    section: "Keys",
    fact: "A 0-byte value is a valid value",
    kind: "choice",
    expected: `PUT ${CREATED}, GET ${expectedStatus(READ)} with 0 bytes`,
    phase: "namespace",
    requests: 2,
    async run(ctx) {
      const written = await put(ctx, "doctor/empty", new Uint8Array(0));
      const answer = isSuccess(written) ? await get(ctx, "doctor/empty") : undefined;
      const observed = `PUT ${written.status}${answer ? `, GET ${answer.status} with ${answer.body.length} bytes` : ""}`;
      const read = answer !== undefined && hasStatus(answer, READ) && answer.body.length === 0;
      return { ok: written.status === CREATED && read, observed };
    },
  },
  {
    id: "keys.slash",
    section: "Keys",
    fact: "/ inside a key: sent as %2F, and a raw / accepted too",
    kind: "doc",
    expected: "written with %2F, read back through a raw /",
    phase: "namespace",
    requests: 2,
    async run(ctx) {
      const written = await put(ctx, "doctor/a/b", VALUE);
      if (!isSuccess(written)) return { ok: false, observed: `PUT with %2F answered ${describe(written)}` };
      const answer = await ctx.probe.send({
        method: "GET",
        path: rawSlashKeyPath(ctx.namespaceId, "doctor/a/b"),
      });
      const same = hasStatus(answer, READ) && sameBytes(answer.body, VALUE);
      return {
        ok: same,
        observed: `PUT %2F ${written.status}, GET raw / ${describe(answer)}${same ? ", same bytes" : ""}`,
      };
    },
  },
  ...errorRows({
    id: "keys.missing",
    section: "Keys",
    fact: "GET of a missing key → 404",
    codeFact: "Missing key → code 10005",
    error: KV_ERRORS.notFound,
    phase: "namespace",
    answer: missing,
  }),
  {
    id: "keys.delete-missing",
    section: "Keys",
    fact: "DELETE …/keys/{key} succeeds even when the key does not exist",
    kind: "doc",
    expected: "a 2xx",
    phase: "namespace",
    requests: 0,
    needs: [deleteMissing],
    async run(ctx) {
      const answer = ctx.read(deleteMissing);
      return { ok: isSuccess(answer), observed: describe(answer) };
    },
  },
  {
    id: "keys.delete-status",
    section: "Keys",
    fact: `Key DELETE status: ${expectedStatus(DELETED)}`,
    kind: "choice",
    expected: `${expectedStatus(DELETED)} (empty)`,
    phase: "namespace",
    requests: 0,
    needs: [deleteMissing],
    async run(ctx) {
      const answer = ctx.read(deleteMissing);
      return { ok: hasStatus(answer, DELETED) && answer.body.length === 0, observed: describe(answer) };
    },
  },
  {
    id: "keys.delete-removes",
    section: "Keys",
    fact: "After DELETE the key is missing (404)",
    kind: "doc",
    expected: "DELETE 2xx, then GET 404",
    phase: "namespace",
    requests: 2,
    needs: [untyped],
    async run(ctx) {
      if (!isSuccess(ctx.read(untyped))) return { skipped: "doctor/untyped was not written" };
      const answer = await ctx.probe.send({
        method: "DELETE",
        path: keyPath(ctx.namespaceId, "doctor/untyped"),
      });
      const after = await get(ctx, "doctor/untyped");
      return {
        ok: isSuccess(answer) && after.status === 404,
        observed: `DELETE ${answer.status}, GET ${after.status}`,
      };
    },
  },
  {
    id: "keys.invalid",
    section: "Keys",
    fact: "Invalid key (outside ^[-/_=.a-zA-Z0-9]+$) → 400, code 10015",
    kind: "doc",
    expected: expectedError(KV_ERRORS.badRequest),
    phase: "namespace",
    requests: 1,
    async run(ctx) {
      const answer = await put(ctx, "doctor/not valid!", VALUE);
      return { ok: isError(answer, KV_ERRORS.badRequest), observed: describe(answer) };
    },
  },
  {
    id: "keys.reserved",
    section: "Keys",
    fact: "Writes of _-prefixed (system) keys → 400, code 10015",
    kind: "choice",
    expected: expectedError(KV_ERRORS.badRequest),
    phase: "namespace",
    requests: 1,
    async run(ctx) {
      const answer = await put(ctx, "_doctor", VALUE);
      return { ok: isError(answer, KV_ERRORS.badRequest), observed: describe(answer) };
    },
  },
  {
    id: "keys.max-size",
    section: "Keys",
    fact: "A value of at most 1 MiB = 1,048,576 bytes is stored",
    kind: "doc",
    expected: `${KV_MAX_VALUE_BYTES} bytes answer ${CREATED}`,
    phase: "namespace",
    requests: 1,
    async run(ctx) {
      const answer = await put(ctx, "doctor/largest", new Uint8Array(KV_MAX_VALUE_BYTES));
      return { ok: answer.status === CREATED, observed: describe(answer) };
    },
  },
  ...errorRows({
    id: "keys.too-large",
    section: "Keys",
    fact: "A value larger than 1 MiB → 413",
    codeFact: "Value too large → code 10015",
    error: KV_ERRORS.payloadTooLarge,
    phase: "namespace",
    answer: tooLarge,
  }),
  {
    id: "keys.ttl",
    section: "Keys",
    fact: "PUT …?ttl_secs=N is accepted; a namespace without TTL support answers 409",
    kind: "doc",
    expected: `${CREATED}, or ${KV_ERRORS.resourceInUse.status} without TTL support`,
    phase: "namespace",
    requests: 0,
    needs: [withTtl],
    async run(ctx) {
      const answer = ctx.read(withTtl);
      const refused = answer.status === KV_ERRORS.resourceInUse.status;
      const ok = answer.status === CREATED || refused;
      const meaning = answer.status === CREATED ? " (TTL supported)" : refused ? " (no TTL support)" : "";
      return { ok, observed: `${describe(answer)}${meaning}` };
    },
  },
  {
    id: "keys.ttl-unsupported-code",
    section: "Keys",
    fact: "How a namespace without TTL support answers: 409, code 10021",
    kind: "choice",
    expected: expectedError(KV_ERRORS.resourceInUse),
    phase: "namespace",
    requests: 0,
    needs: [withTtl],
    async run(ctx) {
      const answer = ctx.read(withTtl);
      if (answer.status !== 409) return { skipped: "the namespace supports TTLs" };
      return { ok: isError(answer, KV_ERRORS.resourceInUse), observed: describe(answer) };
    },
  },
  {
    id: "keys.ttl-invalid",
    section: "Keys",
    fact: "ttl_secs outside 1..9223372036 → 400, code 10015",
    kind: "choice",
    expected: expectedError(KV_ERRORS.badRequest),
    phase: "namespace",
    requests: 1,
    async run(ctx) {
      const answer = await ctx.probe.send({
        method: "PUT",
        path: `${keyPath(ctx.namespaceId, "doctor/ttl-zero")}?${TTL_SECS_PARAM.name}=0`,
        body: VALUE,
      });
      return { ok: isError(answer, KV_ERRORS.badRequest), observed: describe(answer) };
    },
  },
];
