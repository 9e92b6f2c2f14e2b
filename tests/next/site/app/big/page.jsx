import { recordRender } from "../../lib/renders.js";

// Over Telnyx KV's 1 MiB value limit once rendered (HTML plus RSC payload): refused by the handler.
export const revalidate = 3600;

export default function BigPage() {
  recordRender("big");
  return <pre id="big">{"x".repeat(1_200_000)}</pre>;
}
