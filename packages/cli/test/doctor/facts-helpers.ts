import type { KvFactRow, KvFactsReport } from "../../src/doctor/index.js";

/** A key distinctive enough that any copy of it in a report is found. */
export const API_KEY = "KEY0123-doctor-secret-ABCDEFGHIJ";

/** The namespaces the emulator holds for `apiKey` (names), read straight over HTTP. */
export async function namespaceNames(baseUrl: string, apiKey = API_KEY): Promise<string[]> {
  const answer = await fetch(`${baseUrl}/storage/kvs?page[size]=250`, {
    headers: { authorization: `Bearer ${apiKey}` },
  });
  const json = (await answer.json()) as { data: Array<{ name: string }> };
  return json.data.map((ns) => ns.name);
}

/** Ids of the rows with `status`. */
export function rowsWith(report: KvFactsReport, status: KvFactRow["status"]): string[] {
  return report.rows.filter((row) => row.status === status).map((row) => row.id);
}

/** The report, its rows and its setup line as one string, to look for a secret in. */
export function everything(report: KvFactsReport): string {
  return JSON.stringify(report);
}
