/** The one reading of "which Telnyx API, with which key" from the environment, for the client, CLI and playground. */

/** The API target named by explicit values and the environment. */
export interface KvEnvTarget {
  /** The given key, else TELNYX_API_KEY (trimmed); `undefined` when neither is set or the variable is blank. */
  apiKey: string | undefined;
  /** The given API root, else TELNYX_BASE_URL (trimmed), as written (the client adds `/v2`); `undefined` for the default. */
  baseUrl: string | undefined;
}

/**
 * Reads TELNYX_API_KEY and TELNYX_BASE_URL from `env`; values given explicitly win over the variables and
 * are kept as given. A blank variable counts as unset. Decides nothing else: a caller with no key picks its
 * own fallback (an error, a local emulator).
 */
export function resolveEnvTarget(
  env: Readonly<Record<string, string | undefined>>,
  given: { apiKey?: string | undefined; baseUrl?: string | undefined } = {},
): KvEnvTarget {
  return {
    apiKey: given.apiKey ?? (env.TELNYX_API_KEY?.trim() || undefined),
    baseUrl: given.baseUrl ?? (env.TELNYX_BASE_URL?.trim() || undefined),
  };
}
