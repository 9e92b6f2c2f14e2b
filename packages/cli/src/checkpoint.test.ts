import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { type CheckpointPlace, ImportCheckpoint, readAcknowledged, readCheckpoint } from "./checkpoint.js";

let dir: string | undefined;
const IDENTITY = { sha256: "ab".repeat(32), bytes: 10, namespace: "ns-1", target: "http://x/v2" };
const HEADER = `telnyx-kv import checkpoint v2 ${JSON.stringify(IDENTITY)}`;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function place(): CheckpointPlace {
  dir = mkdtempSync(join(tmpdir(), "telnyx-kv-checkpoint-"));
  return { path: join(dir, "input.telnyx-kv-checkpoint"), identity: IDENTITY };
}

it("a line a killed run left unfinished never counts, not even once the resumed run appends to it", () => {
  const where = place();
  // Entry 3 was recorded; the kill came while "12\n" was half written.
  writeFileSync(where.path, `${HEADER}\n3\n1`);
  const resumed = readAcknowledged(where);
  expect([...resumed]).toEqual([3]);
  const checkpoint = new ImportCheckpoint(where, resumed);
  checkpoint.ack(5);
  checkpoint.close();
  expect([...readAcknowledged(where)].sort()).toEqual([3, 5]);
  expect(readFileSync(where.path, "utf8")).toContain("3\n1#\n5\n");
});

it("without a resume it starts empty, and another import's checkpoint is not picked up", () => {
  const where = place();
  writeFileSync(where.path, `${HEADER.replace("ns-1", "ns-2")}\n7\n`);
  expect(readAcknowledged(where).size).toBe(0);
  expect(readCheckpoint(where)).toEqual({
    kind: "other",
    differs: ["it was an import into namespace ns-2"],
    entries: 1,
  });
  const checkpoint = new ImportCheckpoint(where);
  checkpoint.ack(1);
  checkpoint.close();
  expect([...readAcknowledged(where)]).toEqual([1]);
});

it("a changed input is named, with its size and hash then and now", () => {
  const where = place();
  writeFileSync(where.path, `${HEADER.replace('"bytes":10', '"bytes":9')}\n`);
  const state = readCheckpoint(where);
  expect(state.kind).toBe("other");
  expect(state.kind === "other" && state.differs[0]).toMatch(
    /^the input changed since \(9 bytes, .* 10 bytes/,
  );
});
