import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const web = fileURLToPath(new URL("./web", import.meta.url));

// The web UI is a static build the Node server serves; it reaches KV only through the server's /kv proxy.
export default defineConfig({
  root: web,
  base: "./",
  build: {
    outDir: fileURLToPath(new URL("./dist/web", import.meta.url)),
    // The folder is outside `root`, so Vite wants to be told it may empty it.
    emptyOutDir: true,
    target: "es2022",
  },
});
