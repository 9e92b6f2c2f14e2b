// A browser app bundled by Vite from the installed client-browser: it must build without Node built-ins
// (Vite would replace them with empty shims and warn) and carry the client into the bundle.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { describeRun, runNode, scratchDir } from "./helpers.js";

it("builds client-browser into a browser bundle", () => {
  const vite = join(scratchDir(), "node_modules", "vite", "bin", "vite.js");
  const result = runNode("host", [vite, "build", "vite-app", "--logLevel", "warn"]);
  expect(result.status, describeRun(result)).toBe(0);
  expect(result.stdout + result.stderr).not.toMatch(/externalized for browser compatibility/);
  const assets = join(scratchDir(), "vite-app", "dist", "assets");
  const scripts = readdirSync(assets).filter((file) => file.endsWith(".js"));
  // The page's entry, and core's two lazy chunks: the text of an HTTP error (loaded on the first error) and
  // the schema check (loaded only when a schema is passed).
  const entry = scripts.filter((file) => file.startsWith("index-"));
  const lazy = scripts.filter((file) => !file.startsWith("index-")).sort();
  expect(entry).toHaveLength(1);
  expect(lazy).toEqual([
    expect.stringMatching(/^http-error-text-.*\.js$/),
    expect.stringMatching(/^schema-check-.*\.js$/),
  ]);
  const code = readFileSync(join(assets, entry[0]!), "utf8");
  expect(code).toContain("no-store"); // client-browser's request default made it into the bundle
  expect(code).toContain("schema-check-"); // the entry loads the check by import(), not inline
  expect(code).toContain("http-error-text-"); // and an error's text the same way
  expect(code).not.toContain("check its permissions in the Telnyx portal"); // the catalogue's advice is not inline
  for (const file of scripts) expect(readFileSync(join(assets, file), "utf8")).not.toMatch(/["']node:/);
});
