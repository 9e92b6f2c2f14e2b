import type { ConformanceFaults } from "@telnyx-kv/conformance/cases";

/**
 * `setFaults` for a runtime in another process: the host holds the emulator and applies what is posted
 * to its control server, and answers only once the faults are in force.
 */
export function remoteFaults(controlUrl: string): (faults: ConformanceFaults | undefined) => Promise<void> {
  return async (faults) => {
    const response = await fetch(`${controlUrl}/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(faults ?? null),
    });
    if (!response.ok)
      throw new Error(`The matrix host refused the faults: ${response.status} ${await response.text()}`);
  };
}
