import { recordRender } from "../../lib/renders.js";

// Classic ISR: regenerated at most every 4 seconds.
export const revalidate = 4;

export default function IsrPage() {
  recordRender("isr");
  return <p id="stamp">{`isr rendered at ${Date.now()} by ${process.pid}`}</p>;
}
