import type { Plugin } from "esbuild";
import { definePackageBuild } from "../../tsup.shared";

// Two files are loaded with `import()` on first use: the schema check on the first getJson with a schema
// (issue 23), and the text of an HTTP error (its envelope and the catalogue's advice) on the first error
// (issue 19). The ESM build keeps each a file of its own (external), so a page's bundler makes it a lazy
// chunk and a page that never needs it ships none of it. The CJS build inlines them: `require` users are on
// Node, and a dynamic import in CommonJS trips test runners without ESM support. tsup builds both formats as
// ESM and converts the CJS one afterwards, so the output extension tells them apart.
const lazyFiles: Plugin = {
  name: "lazy-files",
  setup(build) {
    if (build.initialOptions.outExtension?.[".js"] === ".cjs") return;
    build.onResolve({ filter: /^\.\/(schema-check|http-error-text)\.js$/ }, (args) =>
      args.kind === "dynamic-import" ? { path: args.path, external: true } : undefined,
    );
  },
};

export default definePackageBuild({
  dir: process.cwd(),
  entry: {
    index: "src/index.ts",
    protocol: "src/protocol/index.ts",
    transport: "src/transport-entry.ts",
    "schema-check": "src/schema-check.ts",
    "http-error-text": "src/http-error-text.ts",
  },
  // ky publishes ESM only; bundling it into the CJS build keeps `require("@telnyx-kv/core")` working on Node 18.
  bundleIntoCjs: ["ky"],
  platform: "neutral",
  extra: { esbuildPlugins: [lazyFiles] },
});
