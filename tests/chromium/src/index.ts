import { ensureChromium as ensureWith, findChromium as findWith } from "./find-chromium.js";
import { systemProbe } from "./system-probe.js";

export {
  APT_LOCK,
  DebianPackageError,
  type DebianPackageNeed,
  debianInstallProblem,
  ensureDebianPackage,
  installDebianPackage,
} from "./debian-package.js";
export { ChromiumNotFoundError, type ChromiumProbe, SYSTEM_CHROMIUM } from "./find-chromium.js";
export { systemProbe };

/** Flags that keep a headless test Chromium off the network at start and working as root in a container. */
export const CHROMIUM_ARGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** This machine's Chromium (CHROMIUM_PATH, /usr/bin/chromium, or one playwright-core has), or undefined. */
export function findChromium(): string | undefined {
  return findWith(systemProbe());
}

/** This machine's Chromium, installing Debian's first when none is found and we are root with apt-get. */
export function ensureChromium(): string {
  return ensureWith(systemProbe());
}
