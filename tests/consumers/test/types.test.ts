// TypeScript users on both resolutions that matter: node16 (the import and require conditions, each with
// its own declaration file) and bundler (Vite, esbuild, webpack apps). The same sample file is checked
// as .mts, .cts and .ts.
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { describeRun, runNode, scratchDir } from "./helpers.js";

let types: string;

beforeAll(() => {
  types = join(scratchDir(), "types");
  for (const sample of ["sample", "unstorage-sample", "bentocache-sample"]) {
    for (const ext of ["mts", "cts"])
      copyFileSync(join(types, `${sample}.ts`), join(types, `${sample}.${ext}`));
  }
});

// unstorage-* and bentocache-* check those subpaths on their own: see fixtures/types/*-sample.ts.
it.each([
  "node16",
  "bundler",
  "unstorage-node16",
  "unstorage-bundler",
  "bentocache-node16",
  "bentocache-bundler",
])("type-checks the sample with %s", (mode) => {
  const tsc = join(scratchDir(), "node_modules", "typescript", "bin", "tsc");
  const result = runNode("host", [tsc, "-p", join(types, `tsconfig.${mode}.json`)]);
  expect(result.status, describeRun(result)).toBe(0);
});
