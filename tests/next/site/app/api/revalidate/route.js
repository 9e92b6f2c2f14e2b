import { revalidateTag } from "next/cache";

export const dynamic = "force-dynamic";

/** POST /api/revalidate?tag=greeting: expires the tag at once (Next 16's `{ expire: 0 }`). */
export async function POST(request) {
  const tag = new URL(request.url).searchParams.get("tag");
  revalidateTag(tag, { expire: 0 });
  return Response.json({ revalidated: tag, pid: process.pid });
}
