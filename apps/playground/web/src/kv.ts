import { createKvClient } from "@telnyx-kv/client-browser";

/**
 * The one KV client of the page. It talks to the same-origin proxy at /kv, which adds the server's key:
 * the page never holds a secret.
 */
export const kv = createKvClient({ baseUrl: "/kv" });
