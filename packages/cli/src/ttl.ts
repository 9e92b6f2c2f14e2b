import { ttlSecondsProblem } from "@telnyx-kv/core/protocol";
import { InvalidArgumentError } from "commander";

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Parses `--ttl`: whole seconds (`90`) or a duration like `30s`, `5m`, `1h`, `1h30m`, `2d`, as `telnyx-edge` takes. */
export function parseTtl(raw: string): number {
  const text = raw.trim();
  let seconds: number | undefined;
  if (/^\d+$/.test(text)) seconds = Number(text);
  else if (/^(\d+[smhd])+$/.test(text)) {
    seconds = 0;
    for (const [, amount, unit] of text.matchAll(/(\d+)([smhd])/g))
      seconds += Number(amount) * UNIT_SECONDS[unit!]!;
  }
  const problem =
    seconds === undefined
      ? "use whole seconds or a duration such as 30s, 5m, 1h"
      : ttlSecondsProblem(seconds);
  if (problem) throw new InvalidArgumentError(`"${raw}" is not a TTL: ${problem}.`);
  return seconds!;
}
