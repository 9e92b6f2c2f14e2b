// Runs under Node 22 (Miniflare 4 needs it): loads the worker harness into workerd and prints what it answers.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { RUNTIME_PREFIX } from "./protocol.js";

const config = process.env.TELNYX_KV_MATRIX;
if (!config) throw new Error("Run by the matrix host (tests/runtimes), which sets TELNYX_KV_MATRIX.");

const miniflare = new Miniflare({
  modules: true,
  scriptPath: fileURLToPath(new URL("./worker.js", import.meta.url)),
  compatibilityDate: "2026-07-01",
  bindings: { MATRIX_CONFIG: config },
});
try {
  const response = await miniflare.dispatchFetch("http://matrix.local/run");
  // A worker sees only its user agent; the workerd build that ran it is the one Miniflare depends on.
  const workerd = createRequire(createRequire(import.meta.url).resolve("miniflare")).resolve(
    "workerd/package.json",
  );
  const version = (JSON.parse(readFileSync(workerd, "utf8")) as { version: string }).version;
  const text = await response.text();
  process.stdout.write(
    text.replace(
      `${RUNTIME_PREFIX}Cloudflare-Workers`,
      `${RUNTIME_PREFIX}workerd ${version} (Cloudflare-Workers)`,
    ),
  );
} finally {
  await miniflare.dispose();
}
