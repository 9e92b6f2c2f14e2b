/** What the finder may look at and do; the tests hand in a fake, the browser tests the real machine. */
export interface ChromiumProbe {
  /** Where CHROMIUM_PATH is read. */
  env: Record<string, string | undefined>;
  /** Whether an executable file is at `path`. */
  exists(path: string): boolean;
  /** Browsers playwright-core downloaded earlier on this machine (it never downloads one here). */
  playwrightBrowsers(): string[];
  /** Whether this user may install Debian's chromium (root, with apt-get on PATH). */
  canInstall(): boolean;
  /** Installs Debian's chromium; throws when apt-get fails. */
  install(): void;
}

/** Debian's (and Ubuntu's) Chromium. */
export const SYSTEM_CHROMIUM = "/usr/bin/chromium";

/** How to get a browser by hand, the end of every message that reports none. */
const HOW_TO_INSTALL =
  "Install Chromium from your system's packages (Debian or Ubuntu: `sudo apt-get install -y chromium`), " +
  "or set CHROMIUM_PATH to a Chromium or Chrome executable.";

/** Raised when the browser tests have no Chromium to drive; the message says how to get one. */
export class ChromiumNotFoundError extends Error {
  override name = "ChromiumNotFoundError";
}

/** The Chromium to drive: CHROMIUM_PATH, then Debian's, then one playwright-core already has; else undefined. */
export function findChromium(probe: ChromiumProbe): string | undefined {
  const chosen = probe.env.CHROMIUM_PATH?.trim();
  if (chosen) {
    if (probe.exists(chosen)) return chosen;
    // A path the user set on purpose is never swapped for another browser behind their back.
    throw new ChromiumNotFoundError(
      `CHROMIUM_PATH is "${chosen}", but there is no executable there. Point it at a Chromium or Chrome ` +
        `executable, or unset it to use ${SYSTEM_CHROMIUM}.`,
    );
  }
  if (probe.exists(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  return probe.playwrightBrowsers().find((path) => probe.exists(path));
}

/**
 * The Chromium to drive, installing Debian's when none is found and this user can (root with apt-get), so
 * the README's test command works on a fresh machine. Throws one message that says how to install it.
 */
export function ensureChromium(probe: ChromiumProbe, log: (line: string) => void = console.error): string {
  const found = findChromium(probe);
  if (found) return found;
  if (!probe.canInstall()) {
    throw new ChromiumNotFoundError(`The browser tests need Chromium, and none was found. ${HOW_TO_INSTALL}`);
  }
  log(`No Chromium found for the browser tests: installing Debian's (apt-get install -y chromium)…`);
  try {
    probe.install();
  } catch (error) {
    throw new ChromiumNotFoundError(
      `Installing Chromium with apt-get failed (${(error as Error).message}). ${HOW_TO_INSTALL}`,
      { cause: error },
    );
  }
  const installed = findChromium(probe);
  if (installed) return installed;
  throw new ChromiumNotFoundError(
    `apt-get finished, but ${SYSTEM_CHROMIUM} is still missing. ${HOW_TO_INSTALL}`,
  );
}
