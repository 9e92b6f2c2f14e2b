import type { KvErrorSpec } from "@telnyx-kv/core/protocol";
import type { KvFactCheck, KvFactPhase, KvFactStep } from "./check.js";
import type { KvProbeAnswer } from "./probe.js";
import type { KvFactSection } from "./types.js";

/** An answer in a few words: status, envelope code as sent (a string shows its quotes), or its size. */
export function describe(answer: KvProbeAnswer): string {
  const parts = [String(answer.status)];
  if (answer.code !== undefined) parts.push(`code ${JSON.stringify(answer.code)}`);
  else if (answer.body.length === 0) parts.push("(empty)");
  else if (isHtml(answer)) parts.push("(an HTML page)");
  return parts.join(" ");
}

/** `"404 code \"10005\""`: how an expected catalogue error reads in a row. */
export function expectedError(spec: KvErrorSpec): string {
  return `${spec.status} code "${spec.code}"`;
}

/**
 * How the protocol table's statuses of an operation read in a row ("204", "200 or 204"), so a row expects
 * what core's table (and so the emulator) says, and settling a [choice] status is one edit in core.
 */
export function expectedStatus(statuses: readonly number[]): string {
  return statuses.join(" or ");
}

/** Whether an answer has one of the protocol table's statuses. */
export function hasStatus(answer: KvProbeAnswer, statuses: readonly number[]): boolean {
  return statuses.includes(answer.status);
}

/** Whether an answer is the catalogue error: its status, and its code as a string. */
export function isError(answer: KvProbeAnswer, spec: KvErrorSpec): boolean {
  return answer.status === spec.status && answer.code === spec.code;
}

/** Whether an answer is a 2xx. */
export function isSuccess(answer: KvProbeAnswer): boolean {
  return answer.status >= 200 && answer.status < 300;
}

/** Whether an answer is an HTML page (a captive portal, a proxy's error page, a web server's 404). */
export function isHtml(answer: KvProbeAnswer): boolean {
  if (/^text\/html|application\/xhtml/i.test(answer.contentType)) return true;
  return /^\s*<(!doctype|html|head|body)/i.test(answer.text.slice(0, 200));
}

/** The `data` object of a JSON answer, or `undefined`. */
export function dataOf(answer: KvProbeAnswer): Record<string, unknown> | undefined {
  const data = (answer.json as { data?: unknown } | undefined)?.data;
  return typeof data === "object" && data !== null && !Array.isArray(data)
    ? (data as Record<string, unknown>)
    : undefined;
}

/** Whether two byte arrays are equal. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** Whether the code points of `keys` ascend, compared as bytes (the keys are ASCII by the key rules). */
export function ascendingBytes(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) {
    if (!((keys[i - 1] as string) < (keys[i] as string))) return false;
  }
  return true;
}

/** What {@link errorRows} needs: the two rows' ids and facts, the error API-FACTS expects, and the request. */
export interface KvErrorRowsSpec {
  id: string;
  section: KvFactSection;
  /** The [doc] row: the status. */
  fact: string;
  /** The [choice] row: the Telnyx code. */
  codeFact: string;
  error: KvErrorSpec;
  phase: KvFactPhase;
  /** The answer both rows read (both need it, so it is sent once). */
  answer: KvFactStep;
}

/** The two rows an error answer settles: its status ([doc]) and, from the same answer, its code ([choice]). */
export function errorRows(spec: KvErrorRowsSpec): KvFactCheck[] {
  const { id, section, error, phase } = spec;
  return [
    {
      id,
      section,
      fact: spec.fact,
      kind: "doc",
      expected: String(error.status),
      phase,
      requests: 0,
      needs: [spec.answer],
      async run(ctx) {
        const answer = ctx.read(spec.answer);
        return { ok: answer.status === error.status, observed: describe(answer) };
      },
    },
    {
      id: `${id}-code`,
      section,
      fact: spec.codeFact,
      kind: "choice",
      expected: expectedError(error),
      phase,
      requests: 0,
      needs: [spec.answer],
      async run(ctx) {
        const answer = ctx.read(spec.answer);
        return { ok: isError(answer, error), observed: describe(answer) };
      },
    },
  ];
}
