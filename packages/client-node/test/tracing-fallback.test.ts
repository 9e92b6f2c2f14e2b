// Where `diagnostics_channel.tracingChannel` is missing (Node before 18.19), tracing is a silent no-op:
// the client works, installs no request hook, and the OpenTelemetry bridge registers nothing.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("node:diagnostics_channel", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:diagnostics_channel")>();
  // An explicit undefined: vitest refuses a mock that lacks a name the code reads.
  const old = { ...actual, tracingChannel: undefined };
  return { ...old, default: old };
});

const { startRig } = await import("./helpers.js");
const { registerKvTracing } = await import("../src/otel/index.js");
const { operationChannel, requestChannel } = await import("../src/tracing-channels.js");

let rig: Awaited<ReturnType<typeof startRig>>;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(() => rig.close());

describe("tracing without tracingChannel", () => {
  it("has no channels, and every call still works", async () => {
    expect(operationChannel).toBeUndefined();
    expect(requestChannel).toBeUndefined();
    const stop = registerKvTracing();
    const ns = rig.client.namespace(rig.namespaceId);
    await ns.put("k", "v");
    expect(await ns.getText("k")).toBe("v");
    expect((await ns.putMany([{ key: "a", value: "1" }]))[0]?.ok).toBe(true);
    expect((await ns.list().page()).keys.map((k) => k.key)).toEqual(["a", "k"]);
    expect((await rig.client.namespaces.get(rig.namespaceId)).id).toBe(rig.namespaceId);
    stop();
  });
});
