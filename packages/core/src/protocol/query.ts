import { KV_MAX_TTL_SECONDS } from "../limits.js";
import { prefixProblem } from "../validate.js";

/** One query parameter an operation takes, with the rule its raw (decoded) value must meet. */
export interface KvQueryParamSpec {
  readonly name: string;
  /** The reason a raw value is refused (400), or `undefined`; values above a documented maximum are clamped by the server, not refused. */
  problem(raw: string): string | undefined;
}

const DIGITS = /^[0-9]+$/;

/** The integer value of `raw`, or `undefined` unless it is plain decimal digits ("1.5", "1e3", " 7" are not). Huge values saturate. */
export function parseWholeNumber(raw: string): number | undefined {
  if (!DIGITS.test(raw)) return undefined;
  const value = Number(raw);
  return Number.isSafeInteger(value) ? value : Number.MAX_SAFE_INTEGER;
}

function atLeastOne(what: string): (raw: string) => string | undefined {
  return (raw) => {
    const value = parseWholeNumber(raw);
    return value === undefined || value < 1 ? `${what} is a whole number of at least 1` : undefined;
  };
}

/** `page[number]` of the namespace listing (from 1). */
export const PAGE_NUMBER_PARAM: KvQueryParamSpec = {
  name: "page[number]",
  problem: atLeastOne("page[number]"),
};
/** `page[size]` of the namespace listing (values above 250 are treated as 250). */
export const PAGE_SIZE_PARAM: KvQueryParamSpec = { name: "page[size]", problem: atLeastOne("page[size]") };
/** `prefix` of the key listing: the characters keys use, or empty. */
export const PREFIX_PARAM: KvQueryParamSpec = { name: "prefix", problem: prefixProblem };
/** `cursor` of the key listing: opaque, only the server that issued it can judge it. */
export const CURSOR_PARAM: KvQueryParamSpec = { name: "cursor", problem: () => undefined };
/** `limit` of the key listing (values above 1000 are treated as 1000). */
export const LIMIT_PARAM: KvQueryParamSpec = { name: "limit", problem: atLeastOne("limit") };
/** `ttl_secs` of a key write: whole seconds from 1 to 9223372036. */
export const TTL_SECS_PARAM: KvQueryParamSpec = {
  name: "ttl_secs",
  problem(raw) {
    const value = parseWholeNumber(raw);
    return value === undefined || value < 1 || value > KV_MAX_TTL_SECONDS
      ? `ttl_secs is a whole number of seconds from 1 to ${KV_MAX_TTL_SECONDS}`
      : undefined;
  },
};
