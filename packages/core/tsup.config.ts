import type { Plugin } from "esbuild";
import { definePackageBuild } from "../../tsup.shared";

// The schema check is loaded with `import()` on the first getJson with a schema. The ESM build keeps it a
// file of its own (external), so a page's bundler makes it a lazy chunk and a page that never passes a schema
// ships none of it (issue 23). The CJS build inlines it: `require` users are on Node, and a dynamic import
// in CommonJS trips test runners without ESM support. tsup builds both formats as ESM and converts the CJS
// one afterwards, so the output extension tells them apart.
const lazySchemaCheck: Plugin = {
  name: "lazy-schema-check",
  setup(build) {
    if (build.initialOptions.outExtension?.[".js"] === ".cjs") return;
    build.onResolve({ filter: /^\.\/schema-check\.js$/ }, (args) =>
      args.kind === "dynamic-import" ? { path: "./schema-check.js", external: true } : undefined,
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
  },
  // ky publishes ESM only; bundling it into the CJS build keeps `require("@telnyx-kv/core")` working on Node 18.
  bundleIntoCjs: ["ky"],
  platform: "neutral",
  extra: { esbuildPlugins: [lazySchemaCheck] },
});
