import { createInterface } from "node:readline/promises";
import { CliError, EXIT } from "./exit.js";

/**
 * Asks before a destructive step: `--yes` skips the question, a terminal gets a y/N prompt on stderr, and
 * anything else (a script, CI) is refused, since nobody is there to answer.
 */
export async function confirm(question: string, yes: boolean | undefined): Promise<void> {
  if (yes) return;
  if (!(process.stdin.isTTY && process.stderr.isTTY)) {
    throw new CliError(`${question} Not a terminal, so not asking: pass --yes to go ahead.`, EXIT.usage);
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(`${question} [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) throw new CliError("Cancelled; nothing was changed.", EXIT.failed);
  } finally {
    prompt.close();
  }
}
