import { readFileSync } from "node:fs";
import type { MatrixRow } from "./report.js";
import { rowPassed } from "./report.js";

/** One claim of docs/platforms.md's table: this package works on this platform. */
export interface PlatformClaim {
  platform: string;
  package: string;
}

/** The (platform, package) rows of the first table in docs/platforms.md whose header starts `| platform |`. */
export function readClaims(markdown: string): PlatformClaim[] {
  const lines = markdown.split("\n");
  const start = lines.findIndex((line) => /^\|\s*platform\s*\|/i.test(line));
  if (start < 0) return [];
  const claims: PlatformClaim[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    const [platform = "", pkg = ""] = line
      .split("|")
      .slice(1)
      .map((cellText) => cellText.trim());
    claims.push({ platform, package: pkg.replace(/`/g, "").replace(/^@telnyx-kv\//, "") });
  }
  return claims;
}

/**
 * Problems between the doc and this run: a claimed row the matrix did not run and pass, or a row the
 * matrix ran that the doc does not show. Empty when they agree.
 */
export function checkPlatformsDoc(path: string, rows: readonly MatrixRow[]): string[] {
  let claims: PlatformClaim[];
  try {
    claims = readClaims(readFileSync(path, "utf8"));
  } catch (error) {
    return [`${path} could not be read: ${(error as Error).message}`];
  }
  if (claims.length === 0) return [`${path} has no table with a "platform" column.`];
  const problems: string[] = [];
  for (const claim of claims) {
    const row = rows.find((r) => r.runtime === claim.platform && r.package === claim.package);
    if (!row)
      problems.push(`${path} claims ${claim.package} on ${claim.platform}, a row the matrix does not run.`);
    else if (!rowPassed(row))
      problems.push(`${path} claims ${claim.package} on ${claim.platform}, which failed here.`);
  }
  for (const row of rows) {
    if (!claims.some((claim) => claim.platform === row.runtime && claim.package === row.package))
      problems.push(
        `${path} has no row for ${row.package} on ${row.runtime}, which the matrix runs: add it.`,
      );
  }
  return problems;
}
