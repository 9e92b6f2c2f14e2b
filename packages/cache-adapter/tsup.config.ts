import { definePackageBuild } from "../../tsup.shared";

export default definePackageBuild({
  dir: process.cwd(),
  // One entry per host subpath; the root holds the engine they share.
  entry: {
    index: "src/index.ts",
    keyv: "src/keyv/index.ts",
    "cache-manager": "src/cache-manager.ts",
    unstorage: "src/unstorage.ts",
    apollo: "src/apollo.ts",
    "express-session": "src/express-session/index.ts",
    cachified: "src/cachified.ts",
    bentocache: "src/bentocache.ts",
    // Node only (Next.js's server): check:packages leaves these two out of its browser bundle check.
    next: "src/next/index.ts",
    "next/use-cache": "src/next/use-cache.ts",
  },
  // Browser-facing: the bundle check in check:packages proves no Node built-in is reached.
  platform: "neutral",
  // Shared chunks, so every subpath uses the same KvCache class and the same per-namespace TTL memory.
  extra: { splitting: true },
});
