import { redactText } from "@telnyx-kv/core/transport";

// Every secret the process was given (API keys of both targets), so no printed line can carry one.
const secrets = new Set<string>();

/** Remembers a secret that must never be printed. */
export function registerSecret(secret: string | undefined): void {
  if (secret) secrets.add(secret);
}

/** `text` with every registered secret (and any bearer token) replaced. */
export function redact(text: string): string {
  return redactText(text, [...secrets]);
}
