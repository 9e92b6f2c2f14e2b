/** The suite on the Next.js 16 app of ./site (ISR, tagged fetch, revalidateTag, "use cache: remote"). */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { nextSuite } from "./suite.js";

const require = createRequire(import.meta.url);

nextSuite({
  nextBin: require.resolve("next/dist/bin/next"),
  site: fileURLToPath(new URL("../site", import.meta.url)),
  useCache: true,
});
