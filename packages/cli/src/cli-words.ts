import { KvHttpError } from "@telnyx-kv/client-node";

// The library speaks of its options and methods; a CLI user typed flags and commands. Each pair rewrites one
// library phrase into the CLI's words (applied in order, longest phrases first).
const PHRASES: Array<[RegExp, string]> = [
  [/\s*\(the cache adapters do this\)/g, ""],
  [
    /wait with namespaces\.waitUntilReady(\(id\))?/g,
    "wait for it (`telnyx-kv namespace create NAME --wait`, or --wait on import)",
  ],
  [
    /namespaces\.create\(\) or namespaces\.list\(\)/g,
    "`telnyx-kv namespace create` or `telnyx-kv namespace list`",
  ],
  [/namespaces\.list\(\)/g, "`telnyx-kv namespace list`"],
  [/namespaces\.create\(\)/g, "`telnyx-kv namespace create`"],
  [/Raise timeoutMs or check the network\./g, "Check the network and --base-url."],
  [/\btimeoutMs\b/g, "the request time limit"],
  [/`apiKey`/g, "--api-key"],
  [/\bapiKey\b/g, "--api-key"],
  [/`baseUrl`/g, "--base-url"],
  [/\bbaseUrl\b/g, "--base-url"],
  [/\bwith ttlSeconds\b/g, "with --ttl"],
  [/\bttlSeconds\b/g, "--ttl"],
  [/ \(or set TELNYX_API_KEY for the Node client\)/g, " (or set TELNYX_API_KEY)"],
];

// Operation names the library prefixes its messages with (`Telnyx KV keys.put failed…`), as what was being done.
const OPERATIONS: Record<string, string> = {
  "namespaces.list": "listing namespaces",
  "namespaces.get": "reading the namespace",
  "namespaces.create": "creating the namespace",
  "namespaces.delete": "deleting the namespace",
  "keys.list": "listing keys",
  "keys.get": "reading the key",
  "keys.put": "writing the key",
  "keys.delete": "deleting the key",
};

/** `message` in the CLI's words: flags and commands instead of the library's options and methods. */
export function inCliWords(message: string): string {
  let text = message;
  for (const [phrase, words] of PHRASES) text = text.replace(phrase, words);
  return text.replace(/\b(namespaces|keys)\.(\w+)\b(?!\()/g, (name) => OPERATIONS[name] ?? name);
}

/**
 * The line for an API error whose library message would mislead a CLI user: a refused key (the server's own
 * text quotes the `Authorization` header, which redaction would cut mid-sentence). `undefined`: use the message.
 */
export function apiErrorLine(error: unknown): string | undefined {
  if (!KvHttpError.isInstance(error)) return undefined;
  if (error.status === 401) {
    return "The API refused the API key (401 Unauthorized): pass a valid one with --api-key KEY or TELNYX_API_KEY (Telnyx portal > API Keys).";
  }
  if (error.status === 403) {
    return "The API key may not do this (403 Forbidden): check its permissions in the Telnyx portal, or use another with --api-key.";
  }
  return undefined;
}
