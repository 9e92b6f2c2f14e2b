/** The proxy environment variables, as `process.env` holds them. */
export type KvProxyEnv = Record<string, string | undefined>;

function defaultPort(protocol: string): string {
  return protocol === "https:" ? "443" : "80";
}

/**
 * Whether `NO_PROXY` exempts `url`, with curl's rules: entries split on commas or spaces, `*` matches every
 * host, `example.com` and `.example.com` match the domain and its subdomains, `host:port` only that port.
 */
export function matchesNoProxy(url: URL, noProxy: string): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  const port = url.port || defaultPort(url.protocol);
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === "") continue;
    if (entry === "*") return true;
    let name = entry;
    let entryPort: string | undefined;
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    if (bracketed) {
      name = bracketed[1]!;
      entryPort = bracketed[2];
    } else if (/^[^:]+:\d+$/.test(entry)) {
      [name, entryPort] = entry.split(":") as [string, string];
    }
    if (entryPort !== undefined && entryPort !== port) continue;
    name = name.replace(/^\*?\./, "");
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

/**
 * The proxy to reach `target` through, or `undefined` to go direct. An explicit option always wins
 * (`false` turns proxies off); otherwise `https_proxy`/`HTTPS_PROXY` (falling back to the HTTP ones) for
 * https targets and `http_proxy`/`HTTP_PROXY` for http targets, unless `NO_PROXY` exempts the host.
 */
export function resolveProxy(
  target: string,
  option: string | URL | false | undefined,
  env: KvProxyEnv,
): string | undefined {
  if (option === false) return undefined;
  if (option !== undefined) return String(option);
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return undefined; // A relative base URL has no host to proxy; the request itself will fail clearly.
  }
  const http = env.http_proxy || env.HTTP_PROXY;
  const proxy = url.protocol === "https:" ? env.https_proxy || env.HTTPS_PROXY || http : http;
  if (!proxy) return undefined;
  const noProxy = env.no_proxy ?? env.NO_PROXY ?? "";
  return matchesNoProxy(url, noProxy) ? undefined : proxy;
}
