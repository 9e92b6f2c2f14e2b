import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectOk, freshNamespace, startService, type TestService, tempDir } from "./helpers.js";

let service: TestService;
beforeAll(async () => {
  service = await startService();
});
afterAll(async () => {
  await service?.close();
});

describe("namespace", () => {
  it("create prints the id and the func.toml binding; --wait returns it provisioned", async () => {
    const created = await service.run(["namespace", "create", "orders-cache", "--wait"]);
    expectOk(created);
    const [id, ...rest] = created.stdout.toString().split("\n");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(rest.join("\n")).toContain(`[storage.kv.ORDERS_CACHE]\nid = "${id}"`);
    expect((await service.client.namespaces.get(id!)).status).toBe("provision_ok");
  });

  it("create without --wait answers at once with the pending namespace", async () => {
    const created = await service.run(["namespace", "create", "no-wait"]);
    expectOk(created);
    expect(created.stderr).toContain("Created namespace no-wait (status pending)");
    expect(created.stdout.toString()).toContain("[storage.kv.NO_WAIT]");
  });

  it("create refuses an invalid name before any request, exit 2", async () => {
    const before = service.emulator.requests.length;
    const result = await service.run(["namespace", "create", "Bad_Name"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^telnyx-kv: .*lowercase/m);
    expect(service.emulator.requests.length).toBe(before);
  });

  it("list shows every namespace, as text and as one JSON object a line", async () => {
    const { id, name } = await freshNamespace(service.client, "listed");
    const text = await service.run(["namespace", "list"]);
    expectOk(text);
    expect(text.stdout.toString()).toMatch(new RegExp(`^${id}  ${name}  provision_ok  `, "m"));
    const json = await service.run(["namespace", "list", "--json"]);
    const rows = json.stdout
      .toString()
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(rows).toContainEqual(expect.objectContaining({ id, name, status: "provision_ok" }));
  });

  it("get takes an id or a name; unknown names exit 2 and say so", async () => {
    const { id, name } = await freshNamespace(service.client, "getme");
    const byId = await service.run(["namespace", "get", id, "--json"]);
    expect(JSON.parse(byId.stdout.toString())).toMatchObject({ id, name });
    const byName = await service.run(["namespace", "get", name]);
    expect(byName.stdout.toString()).toContain(`id:         ${id}`);
    const unknown = await service.run(["namespace", "get", "no-such-namespace"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('No namespace named "no-such-namespace"');
  });

  it("get resolves --binding from func.toml in the working directory, and from KV_<NAME>_ID", async () => {
    const { id } = await freshNamespace(service.client, "bound");
    const other = await freshNamespace(service.client, "bound-env");
    const cwd = tempDir();
    try {
      writeFileSync(join(cwd.dir, "func.toml"), `name = "fn"\n[storage.kv.MY_CACHE]\nid = "${id}"\n`);
      const bound = await service.run(["namespace", "get", "--binding", "MY_CACHE", "--json"], {
        cwd: cwd.dir,
      });
      expectOk(bound);
      expect(JSON.parse(bound.stdout.toString()).id).toBe(id);
      const fromEnv = await service.run(["namespace", "get", "--binding", "OTHER", "--json"], {
        cwd: cwd.dir,
        env: { KV_OTHER_ID: other.id },
      });
      expect(JSON.parse(fromEnv.stdout.toString()).id).toBe(other.id);
      const missing = await service.run(["namespace", "get", "--binding", "NOPE"], { cwd: cwd.dir });
      expect(missing.status).toBe(2);
      expect(missing.stderr).toContain("No KV binding NOPE");
      expect(missing.stderr).toContain("MY_CACHE");
    } finally {
      cwd.remove();
    }
  });

  it("delete needs --yes when not on a terminal, and deletes with it", async () => {
    const { id, name } = await freshNamespace(service.client, "doomed");
    const refused = await service.run(["namespace", "delete", name]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("--yes");
    expect((await service.client.namespaces.get(id)).status).toBe("provision_ok");
    const deleted = await service.run(["namespace", "delete", name, "--yes"]);
    expectOk(deleted);
    await expect(service.client.namespaces.get(id)).rejects.toMatchObject({ status: 404 });
  });
});
