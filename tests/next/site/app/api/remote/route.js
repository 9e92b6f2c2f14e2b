import { expensive } from "../../../lib/remote.js";

export const dynamic = "force-dynamic";

/** GET /api/remote?n=7: the "use cache: remote" value for n. */
export async function GET(request) {
  const n = Number(new URL(request.url).searchParams.get("n") ?? "7");
  return Response.json({ value: await expensive(n), servedBy: process.pid });
}
