// Bundles the matrix: the host and Miniflare's host (Node), the harness for server runtimes (the conformance
// cases inlined, the packages left to each runtime's own resolver), and self-contained worker and page files.
import { build } from "esbuild";

const common = { bundle: true, format: "esm", sourcemap: "inline", logLevel: "warning", outdir: "dist" };
const packages = ["@telnyx-kv/client-node", "@telnyx-kv/client-browser", "@telnyx-kv/core"];

await Promise.all([
  build({
    ...common,
    entryPoints: ["src/main.ts", "src/workerd-host.ts"],
    platform: "node",
    target: "node20",
    packages: "external",
  }),
  // Node 18 runs it too; client-node and client-browser are imported as installed, as a user's app would.
  build({
    ...common,
    entryPoints: ["src/harness.ts"],
    platform: "node",
    target: "node18",
    external: packages,
  }),
  build({
    ...common,
    entryPoints: ["src/worker.ts"],
    platform: "browser",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
  }),
  build({ ...common, entryPoints: ["src/page.ts"], platform: "browser", target: "es2022" }),
]);
