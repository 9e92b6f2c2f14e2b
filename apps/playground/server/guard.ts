/**
 * The playground's caller check for the proxy, which spends the server's API key for whoever reaches it.
 * Pages of other origins are already refused by the proxy itself (Origin and Sec-Fetch-Site, before this
 * runs); what is left is DNS rebinding, where a hostile page arrives same-origin under its own host name.
 * So only requests addressed to this server by a loopback name go on.
 */
export function createLocalGuard(port: () => number): (request: Request) => boolean {
  return (request) => isLoopbackHost(new URL(request.url).host, port());
}

/** Whether a request's `Host` names this server by a loopback name (the same check for the /api routes). */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  return host !== undefined && [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(host);
}
