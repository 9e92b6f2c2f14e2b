import { spawnSync } from "node:child_process";
import { accessSync, constants, mkdirSync, statSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";

/**
 * One lock for every apt-get the tests run. turbo runs two test tasks at once, and dpkg allows one install at a
 * time: without it, the CLI's tmux install and the browser tests' Chromium install make each other fail.
 */
export const APT_LOCK = "/var/lock/telnyx-kv-apt.lock";
/** Written after the first `apt-get update` of this boot, so later installs do not repeat it. */
const UPDATED_STAMP = "/var/lock/telnyx-kv-apt.updated";
/** How long apt waits for a dpkg lock someone else (unattended-upgrades, a user) holds, in seconds. */
const DPKG_LOCK_WAIT_S = 600;
/** The lines of apt's output kept in an error: the end, where apt says what went wrong. */
const OUTPUT_TAIL_LINES = 30;

/** Raised when a Debian package the tests need is missing and cannot be installed; the message says how. */
export class DebianPackageError extends Error {
  override name = "DebianPackageError";
}

/** Whether an executable file is at `path`. */
export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Where `command` is on PATH, or undefined. */
export function onPath(
  command: string,
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  return (env.PATH ?? "")
    .split(delimiter)
    .filter((dir) => dir !== "")
    .map((dir) => join(dir, command))
    .find(isExecutable);
}

/** Where and as whom apt-get runs; the defaults are this machine, the tests hand in a fake apt-get. */
export interface AptSetup {
  /** The environment (its PATH finds apt-get, flock and the tool). @default process.env */
  env?: Record<string, string | undefined>;
  /** The lock file. @default APT_LOCK */
  lock?: string;
  /** The "updated this boot" stamp. @default /var/lock/telnyx-kv-apt.updated */
  stamp?: string;
  /** Whether this process is root. @default process.getuid() === 0 */
  root?: boolean;
}

/** Why this process may not install Debian packages (not root, no apt-get), or undefined when it may. */
export function debianInstallProblem(
  env: Record<string, string | undefined> = process.env,
  setup: AptSetup = {},
): string | undefined {
  if (!(setup.root ?? process.getuid?.() === 0)) return "not running as root";
  if (!onPath("apt-get", env)) return "apt-get is not on PATH";
  return undefined;
}

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** The locked script: re-checks (another process may have installed it meanwhile), updates once, installs. */
function installScript(pkg: string, binary: string, stamp: string): string {
  const apt = `apt-get -q -o DPkg::Lock::Timeout=${DPKG_LOCK_WAIT_S}`;
  return [
    `command -v ${quote(binary)} >/dev/null 2>&1 && exit 0`,
    "export DEBIAN_FRONTEND=noninteractive",
    `update() { ${apt} update && touch ${quote(stamp)}; }`,
    `install() { ${apt} install -y ${quote(pkg)}; }`,
    // Lists from an earlier update of this boot may be stale: a failed install updates once more and retries.
    `if [ -e ${quote(stamp)} ]; then install || { update && install; }; else update && install; fi`,
  ].join("\n");
}

/** The command that installs `pkg` under the lock (exported for the test that runs two at once). */
export function aptCommand(pkg: string, binary: string, setup: AptSetup = {}): [string, string[]] {
  const script = installScript(pkg, binary, setup.stamp ?? UPDATED_STAMP);
  // Without flock (not Debian's util-linux) apt's own lock timeout still makes a second install wait.
  return onPath("flock", setup.env ?? process.env)
    ? ["flock", [setup.lock ?? APT_LOCK, "sh", "-c", script]]
    : ["sh", ["-c", script]];
}

/**
 * Installs Debian's `pkg` with apt-get, serialised with every other install of the tests on this machine
 * (flock on {@link APT_LOCK}), `apt-get update` at most once per boot. Throws with apt's output when it fails.
 */
export function installDebianPackage(pkg: string, binary: string, setup: AptSetup = {}): void {
  const env = setup.env ?? process.env;
  // flock creates the lock file but not its folder (a minimal image may lack /var/lock).
  mkdirSync(dirname(setup.lock ?? APT_LOCK), { recursive: true });
  const [command, args] = aptCommand(pkg, binary, setup);
  // Captured, not streamed, so a working install does not flood the test output; a failing one shows it below.
  const result = spawnSync(command, args, {
    env: { ...env, DEBIAN_FRONTEND: "noninteractive" },
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw new DebianPackageError(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) {
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trimEnd().split("\n");
    const tail = output.slice(-OUTPUT_TAIL_LINES).join("\n");
    throw new DebianPackageError(
      `apt-get install -y ${pkg} exited with ${result.status ?? result.signal}; its output ends:\n${tail}`,
    );
  }
}

/** What {@link ensureDebianPackage} says when it cannot help. */
export interface DebianPackageNeed {
  /** Who needs it, the start of every message: "The terminal tests run the CLI in tmux". */
  who: string;
  /** How to get it elsewhere, appended to the Debian advice: "macOS: brew install tmux". */
  otherwise?: string;
  /** Where progress lines go. @default console.error */
  log?: (line: string) => void;
  /** Where and as whom apt-get runs. @default this machine */
  setup?: AptSetup;
}

/**
 * The path of `binary`, installing Debian's `pkg` first when it is missing and this is root with apt-get (a
 * fresh CI machine). Never skips, under CI=true or anywhere: it returns the binary or throws one message
 * that says how to install it.
 */
export function ensureDebianPackage(pkg: string, binary: string, need: DebianPackageNeed): string {
  const setup = need.setup ?? {};
  const env = setup.env ?? process.env;
  const found = onPath(binary, env);
  if (found) return found;
  const advice = `Install it (Debian/Ubuntu: sudo apt-get install -y ${pkg}${need.otherwise ? `; ${need.otherwise}` : ""}) and run them again.`;
  const problem = debianInstallProblem(env, setup);
  if (problem) {
    throw new DebianPackageError(
      `${need.who}, which is not installed and cannot be installed here (${problem}). ${advice}`,
    );
  }
  (need.log ?? console.error)(
    `${need.who}, which is missing: installing Debian's ${pkg} (apt-get install -y ${pkg})…`,
  );
  try {
    installDebianPackage(pkg, binary, setup);
  } catch (error) {
    throw new DebianPackageError(
      `${need.who}; installing it failed: ${(error as Error).message}\n${advice}`,
      {
        cause: error,
      },
    );
  }
  const installed = onPath(binary, env);
  if (installed) return installed;
  throw new DebianPackageError(
    `${need.who}; apt-get finished, but ${binary} is still not on PATH. ${advice}`,
  );
}
