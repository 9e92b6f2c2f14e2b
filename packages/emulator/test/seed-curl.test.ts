/** The seed reference's curl examples, run with the real curl against the emulator, behave as documented. */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import type { KvErrorEnvelope, KvKeyListEnvelope, KvNamespaceEnvelope } from "@telnyx-kv/core/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../src/index.js";
import { freshToken, UUID } from "./helpers.js";

const run = promisify(execFile);
const CURL = "/usr/bin/curl";

interface CurlResult {
  status: number;
  contentType: string;
  body: string;
}

/** Runs one documented command; only --silent and a --write-out trailer are added to read the status. */
async function curl(args: string[]): Promise<CurlResult> {
  const { stdout } = await run(
    CURL,
    ["--silent", "--show-error", "--write-out", "\n%{http_code} %{content_type}", ...args],
    {
      encoding: "utf8",
    },
  );
  const cut = stdout.lastIndexOf("\n");
  const [status, ...type] = stdout.slice(cut + 1).split(" ");
  return { status: Number(status), contentType: type.join(" "), body: stdout.slice(0, cut) };
}

describe.skipIf(!existsSync(CURL))("seed reference curl examples", () => {
  let emu: Emulator;
  let base: string;
  let auth: string;
  let id: string;

  beforeAll(async () => {
    emu = await startEmulator({ logger: false });
    base = `${emu.url}/storage/kvs`;
    auth = `Authorization: Bearer ${freshToken()}`;
  });
  afterAll(() => emu?.close());

  it("creates a namespace with the documented response, then polls it to provision_ok", async () => {
    const res = await curl([
      "-X",
      "POST",
      base,
      "-H",
      auth,
      "-H",
      "Content-Type: application/json",
      "-d",
      '{"name": "my-cache"}',
    ]);
    expect(res.status).toBe(201);
    expect(res.contentType).toMatch(/application\/json/);
    const { data } = JSON.parse(res.body) as KvNamespaceEnvelope;
    expect(Object.keys(data).sort()).toEqual([
      "created_at",
      "id",
      "name",
      "record_type",
      "status",
      "updated_at",
    ]);
    expect(data).toMatchObject({ record_type: "storage_kv", name: "my-cache", status: "pending" });
    expect(data.id).toMatch(UUID);
    expect(Date.parse(data.created_at)).not.toBeNaN();
    expect(Date.parse(data.updated_at)).not.toBeNaN();
    id = data.id;

    let status = "";
    for (let i = 0; i < 50 && status !== "provision_ok"; i++) {
      const got = await curl([`${base}/${id}`, "-H", auth]);
      expect(got.status).toBe(200);
      status = (JSON.parse(got.body) as KvNamespaceEnvelope).data.status;
    }
    expect(status).toBe("provision_ok");
  });

  it('writes "Hello World" with --data-binary: 201, then 200, empty bodies', async () => {
    const put = [`-X`, "PUT", `${base}/${id}/keys/my-key`, "-H", auth, "--data-binary", "Hello World"];
    const first = await curl(put);
    expect(first.status).toBe(201);
    expect(first.body).toBe("");
    const second = await curl(put);
    expect(second.status).toBe(200);
    expect(second.body).toBe("");
  });

  it("reads the raw stored value back", async () => {
    const res = await curl([`${base}/${id}/keys/my-key`, "-H", auth]);
    expect(res.status).toBe(200);
    expect(res.body).toBe("Hello World");
    // curl --data-binary sends application/x-www-form-urlencoded; API-FACTS: the request type is echoed.
    expect(res.contentType).toBe("application/x-www-form-urlencoded");
  });

  it("answers 404 for a missing key", async () => {
    const res = await curl([`${base}/${id}/keys/no-such-key`, "-H", auth]);
    expect(res.status).toBe(404);
    expect((JSON.parse(res.body) as KvErrorEnvelope).errors[0]!.code).toBe("10005");
  });

  it("lists keys with prefix=user/&limit=100, keys only", async () => {
    const value = "a value of 21 bytes!!";
    expect(value.length).toBe(21);
    for (const key of ["user/123", "user/456", "users", "other/1"]) {
      const put = await curl(["-X", "PUT", `${base}/${id}/keys/${key}`, "-H", auth, "--data-binary", value]);
      expect(put.status).toBe(201);
    }
    const res = await curl([`${base}/${id}/keys?prefix=user/&limit=100`, "-H", auth]);
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body) as KvKeyListEnvelope;
    expect(body.record_type).toBe("storage_kv_key");
    expect(body.data.map((k) => k.key)).toEqual(["user/123", "user/456"]);
    expect(body.data[0]!.size_bytes).toBe(21);
    expect(body.data[0]!.updated_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);
    expect(body.meta).toEqual({ has_more: false });
    expect(res.body).not.toContain(value);
  });

  it("pages with meta.cursor when has_more is true", async () => {
    const first = JSON.parse(
      (await curl([`${base}/${id}/keys?prefix=user/&limit=1`, "-H", auth])).body,
    ) as KvKeyListEnvelope;
    expect(first.meta.has_more).toBe(true);
    const cursor = encodeURIComponent(first.meta.cursor!);
    const second = JSON.parse(
      (await curl([`${base}/${id}/keys?prefix=user/&limit=1&cursor=${cursor}`, "-H", auth])).body,
    ) as KvKeyListEnvelope;
    expect([...first.data, ...second.data].map((k) => k.key)).toEqual(["user/123", "user/456"]);
  });

  it("deletes a key", async () => {
    const res = await curl(["-X", "DELETE", `${base}/${id}/keys/my-key`, "-H", auth]);
    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(300);
    expect((await curl([`${base}/${id}/keys/my-key`, "-H", auth])).status).toBe(404);
  });

  it("refuses a key with `:` with 400 10015", async () => {
    const res = await curl(["-X", "PUT", `${base}/${id}/keys/a:b`, "-H", auth, "--data-binary", "x"]);
    expect(res.status).toBe(400);
    expect((JSON.parse(res.body) as KvErrorEnvelope).errors[0]!.code).toBe("10015");
  });
});
