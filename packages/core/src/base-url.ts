/** Where the clients send requests: the Telnyx API root, and how a given `baseUrl` is read. */

/** Default API root; paths below are relative to it. */
export const KV_DEFAULT_BASE_URL = "https://api.telnyx.com/v2";

/** Defaults to the Telnyx API; appends `/v2` unless the URL already ends with it, and drops trailing slashes (absolute or relative URLs). */
export function normalizeBaseUrl(baseUrl: string = KV_DEFAULT_BASE_URL): string {
  const trimmed = baseUrl.trim().replace(/\/+$/, "");
  if (trimmed === "") return "/v2";
  return /\/v2$/.test(trimmed) ? trimmed : `${trimmed}/v2`;
}
