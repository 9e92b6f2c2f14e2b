import { recordRender } from "../../lib/renders.js";

// An ISR page whose data comes from a tagged fetch: invalidating "greeting" makes both page and fetch stale.
export const revalidate = 3600;

async function greeting() {
  // No data server during `next build`: the page is rendered for real on its first request.
  if (!process.env.DATA_URL) return "build";
  const response = await fetch(process.env.DATA_URL, { next: { tags: ["greeting"], revalidate: 3600 } });
  return response.text();
}

export default async function TaggedPage() {
  recordRender("tagged");
  return <p id="greeting">{`greeting ${await greeting()} rendered by ${process.pid}`}</p>;
}
