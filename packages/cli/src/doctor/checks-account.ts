import {
  KV_ERRORS,
  KV_RATE_LIMIT_HEADERS,
  matchKvPath,
  NAMESPACES_LIST,
  namespacePath,
  namespacesPath,
  PAGE_SIZE_PARAM,
} from "@telnyx-kv/core/protocol";
import { describe, errorRows, expectedError, expectedStatus, hasStatus, isError } from "./answers.js";
import { factStep, type KvFactCheck } from "./check.js";

// A namespace id that is a valid UUID and, being random, names nothing in the account.
const UNKNOWN_ID = "00000000-0000-4000-8000-00000000d0c7";
// An origin no deployment would allow, so any Access-Control-Allow-Origin it gets is a wildcard or an echo.
const FOREIGN_ORIGIN = "https://telnyx-kv-doctor.example";

const unauthenticated = factStep({
  what: "the listing without Authorization",
  requests: 1,
  run: (ctx) =>
    ctx.probe.send({ method: "GET", path: `${namespacesPath()}?${PAGE_SIZE_PARAM.name}=1`, auth: false }),
});
const unknownNamespace = factStep({
  what: "the read of an unknown namespace",
  requests: 1,
  run: (ctx) => ctx.probe.send({ method: "GET", path: namespacePath(UNKNOWN_ID) }),
});

// The protocol table decides whether `/storage/kvs/` names the collection; the expected answer follows it.
const trailingSlashRoute = matchKvPath(`/${namespacesPath()}/`);
const LISTED = `${expectedStatus(NAMESPACES_LIST.success)} (the namespace listing)`;
const trailingSlashExpected = trailingSlashRoute === undefined ? expectedError(KV_ERRORS.notFound) : LISTED;

/** Checks that need no namespace: auth, the envelope, rate-limit headers, CORS, unknown and invalid ids. */
export const ACCOUNT_CHECKS: readonly KvFactCheck[] = [
  {
    id: "wire.unauthenticated",
    section: "Wire basics",
    fact: "A request without Authorization → 401, code 10009 authentication failed",
    kind: "doc",
    expected: expectedError(KV_ERRORS.authenticationFailed),
    phase: "account",
    requests: 0,
    needs: [unauthenticated],
    async run(ctx) {
      const answer = ctx.read(unauthenticated);
      return { ok: isError(answer, KV_ERRORS.authenticationFailed), observed: describe(answer) };
    },
  },
  {
    id: "wire.error-envelope",
    section: "Wire basics",
    fact: 'Error envelope {"errors":[{"code","title","detail"}]}, code is a string',
    kind: "doc",
    expected: "errors[0].code is a string, with a title",
    phase: "account",
    requests: 0,
    needs: [unauthenticated],
    async run(ctx) {
      const answer = ctx.read(unauthenticated);
      const first = (answer.json as { errors?: Array<Record<string, unknown>> } | undefined)?.errors?.[0];
      if (!first) return { ok: false, observed: `${answer.status} without an error envelope` };
      const observed = `code ${JSON.stringify(first.code)} (${typeof first.code}), title ${JSON.stringify(first.title)}`;
      return { ok: typeof first.code === "string" && typeof first.title === "string", observed };
    },
  },
  {
    id: "wire.rate-limit-headers",
    section: "Wire basics",
    fact: "Rate limit headers x-ratelimit-limit, -remaining, -reset (seconds)",
    kind: "doc",
    expected: "three whole numbers when sent",
    phase: "account",
    requests: 0,
    async run(ctx) {
      const headers = ctx.setup?.headers;
      const values = Object.values(KV_RATE_LIMIT_HEADERS).map((name) => headers?.get(name));
      if (values.every((value) => value === null || value === undefined)) {
        return { skipped: "the answers carry no x-ratelimit-* headers (documented on 429 answers)" };
      }
      const observed = `limit ${values[0]}, remaining ${values[1]}, reset ${values[2]}`;
      return { ok: values.every((value) => value != null && /^[0-9]+$/.test(value)), observed };
    },
  },
  {
    id: "wire.cors",
    section: "Wire basics",
    fact: "CORS on the API host: browsers reach KV through a proxy",
    kind: "choice",
    expected: "no Access-Control-Allow-Origin for a foreign origin",
    phase: "account",
    requests: 1,
    async run(ctx) {
      const answer = await ctx.probe.send({
        method: "OPTIONS",
        path: namespacesPath(),
        auth: false,
        headers: {
          origin: FOREIGN_ORIGIN,
          "access-control-request-method": "GET",
          "access-control-request-headers": "authorization",
        },
      });
      const allowed = answer.headers.get("access-control-allow-origin");
      return allowed === null
        ? { ok: true, observed: `${answer.status}, no Access-Control-Allow-Origin` }
        : { ok: false, observed: `${answer.status}, Access-Control-Allow-Origin: ${allowed}` };
    },
  },
  {
    id: "wire.trailing-slash",
    section: "Wire basics",
    fact: "Paths match exactly: GET /v2/storage/kvs/ (a trailing slash) names no endpoint",
    kind: "choice",
    expected: trailingSlashExpected,
    phase: "account",
    requests: 1,
    async run(ctx) {
      const answer = await ctx.probe.send({ method: "GET", path: `${namespacesPath()}/` });
      const listing =
        hasStatus(answer, NAMESPACES_LIST.success) &&
        Array.isArray((answer.json as { data?: unknown })?.data);
      const ok = trailingSlashRoute === undefined ? isError(answer, KV_ERRORS.notFound) : listing;
      return { ok, observed: listing ? `${answer.status} (the namespace listing)` : describe(answer) };
    },
  },
  ...errorRows({
    id: "ns.unknown",
    section: "Namespaces",
    fact: "GET /storage/kvs/{id} of an unknown namespace → 404",
    codeFact: "Unknown namespace → code 10005",
    error: KV_ERRORS.notFound,
    phase: "account",
    answer: unknownNamespace,
  }),
  {
    id: "ns.invalid-id",
    section: "Namespaces",
    fact: "An id that is not a UUID → 400, code 10006",
    kind: "choice",
    expected: expectedError(KV_ERRORS.invalidId),
    phase: "account",
    requests: 1,
    async run(ctx) {
      const answer = await ctx.probe.send({ method: "GET", path: namespacePath("not-a-uuid") });
      return { ok: isError(answer, KV_ERRORS.invalidId), observed: describe(answer) };
    },
  },
];
