// The client's own fetch over undici is internal (not exported), so the benches compile it from source.
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));

/** `createUndiciFetch` from src/undici-fetch.ts, bundled to a temporary file and imported. */
export async function loadCreateUndiciFetch() {
  const outfile = join(here, `.undici-fetch-${process.pid}.mjs`);
  await build({
    entryPoints: [join(here, "../src/undici-fetch.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    outfile,
  });
  try {
    return (await import(pathToFileURL(outfile).href)).createUndiciFetch;
  } finally {
    rmSync(outfile);
  }
}
