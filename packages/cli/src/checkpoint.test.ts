import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { type CheckpointPlace, ImportCheckpoint, readAcknowledged } from "./checkpoint.js";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function place(): CheckpointPlace {
  dir = mkdtempSync(join(tmpdir(), "telnyx-kv-checkpoint-"));
  return { path: join(dir, "input.telnyx-kv-checkpoint"), identity: "abc123" };
}

it("a line a killed run left unfinished never counts, not even once the resumed run appends to it", () => {
  const where = place();
  // Entry 3 was recorded; the kill came while "12\n" was half written.
  writeFileSync(where.path, "telnyx-kv import checkpoint v1 abc123\n3\n1");
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
  writeFileSync(where.path, "telnyx-kv import checkpoint v1 other\n7\n");
  expect(readAcknowledged(where).size).toBe(0);
  const checkpoint = new ImportCheckpoint(where);
  checkpoint.ack(1);
  checkpoint.close();
  expect([...readAcknowledged(where)]).toEqual([1]);
});
