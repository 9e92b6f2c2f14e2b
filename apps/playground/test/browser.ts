import { CHROMIUM_ARGS, ensureChromium } from "@telnyx-kv/test-chromium";
import { type Browser, chromium } from "playwright-core";

/**
 * Launches headless Chromium (CHROMIUM_PATH, Debian's, or one playwright-core has; never a download) with
 * the flags that keep it off the (closed) network at start. The global setup has installed it if need be.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: ensureChromium(), args: [...CHROMIUM_ARGS] });
}
