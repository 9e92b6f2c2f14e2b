import { revalidateTag } from "next/cache";

export const dynamic = "force-dynamic";

/** POST /api/revalidate?tag=greeting: Next 15's `revalidateTag(tag)` expires the tag at once. */
export async function POST(request) {
  const tag = new URL(request.url).searchParams.get("tag");
  revalidateTag(tag);
  return Response.json({ revalidated: tag, pid: process.pid });
}
