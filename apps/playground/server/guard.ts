/**
 * The proxy spends the server's API key for whoever reaches it, so it answers only requests addressed to
 * this server by a loopback name (a DNS-rebinding page arrives under its own host name) and, when the
 * browser says where a request comes from, only requests from the playground's own page.
 */
export function createLocalGuard(port: () => number): (request: Request) => boolean {
  return (request) => {
    const p = port();
    const allowed = [`127.0.0.1:${p}`, `localhost:${p}`, `[::1]:${p}`];
    if (!allowed.includes(new URL(request.url).host)) return false;
    const origin = request.headers.get("origin");
    if (origin !== null && !allowed.some((host) => origin === `http://${host}`)) return false;
    return request.headers.get("sec-fetch-site") !== "cross-site";
  };
}
