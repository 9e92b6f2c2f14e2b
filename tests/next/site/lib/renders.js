import { appendFileSync } from "node:fs";

/** Appends `<what> <pid>` to RENDER_LOG, the file the tests count renders in (none during `next build`). */
export function recordRender(what) {
  const log = process.env.RENDER_LOG;
  if (log) appendFileSync(log, `${what} ${process.pid}\n`);
}
