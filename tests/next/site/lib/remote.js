import { cacheLife, cacheTag } from "next/cache";
import { recordRender } from "./renders.js";

/** An expensive value shared by every instance: computed once, then read from Telnyx KV. */
export async function expensive(n) {
  "use cache: remote";
  cacheLife({ stale: 60, revalidate: 3600, expire: 86400 });
  cacheTag("remote");
  recordRender("remote");
  return { n, square: n * n, computedBy: process.pid, at: Date.now() };
}
