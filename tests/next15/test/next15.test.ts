/** tests/next's suite on the Next.js 15 app of ./site: the ISR half (pages, tagged fetch, revalidateTag). */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { nextSuite } from "@telnyx-kv/next-tests/suite";

const require = createRequire(import.meta.url);

nextSuite({
  nextBin: require.resolve("next/dist/bin/next"),
  site: fileURLToPath(new URL("../site", import.meta.url)),
  useCache: false,
});
