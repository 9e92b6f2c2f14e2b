import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KvHttpError } from "@telnyx-kv/client-node";
import { expectEqual, type Scenario } from "./types.js";

// A 1x1 transparent PNG: a small binary value for the UI's hex view.
const PIXEL_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

/** client-node on its own: values of every kind, files, and errors you can act on. */
export const clientScenarios: Scenario[] = [
  {
    name: "client-node: values and files",
    async run(ctx) {
      const ns = ctx.ns;
      await ns.putJson("scenarios/client/user.json", { id: 7, name: "Grace" });
      expectEqual(await ns.getJson("scenarios/client/user.json"), { id: 7, name: "Grace" }, "getJson");
      const value = await ns.get("scenarios/client/user.json");
      expectEqual(value?.contentType, "application/json", "stored content type");
      await value?.stream.cancel();

      const dir = await mkdtemp(join(tmpdir(), "kv-playground-"));
      try {
        const source = join(dir, "in.bin");
        const bytes = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => i % 251));
        await writeFile(source, bytes);
        await ns.putFile("scenarios/client/blob.bin", source);
        const info = await ns.getToFile("scenarios/client/blob.bin", join(dir, "out.bin"));
        expectEqual(info?.size, bytes.length, "downloaded size");
        expectEqual((await readFile(join(dir, "out.bin"))).equals(bytes), true, "file round trip");
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      await ns.deleteMany(["scenarios/client/user.json", "scenarios/client/blob.bin"]);
      return "putJson/getJson with content type, 64 KiB putFile/getToFile";
    },
  },
  {
    name: "client-node: typed errors",
    async run(ctx) {
      try {
        await ctx.client.namespaces.get(randomUUID());
      } catch (error) {
        if (!KvHttpError.isInstance(error)) throw error;
        expectEqual([error.status, error.code], [404, "10005"], "status and code");
        return `404 code ${error.code}: ${error.title ?? ""}`.trim();
      }
      throw new Error("reading an unknown namespace succeeded");
    },
  },
  {
    name: "seed: demo keys for the web UI",
    async run(ctx) {
      await ctx.ns.put("demo/readme.txt", "Browse, edit and upload keys in the web UI.\n", {
        contentType: "text/plain; charset=utf-8",
      });
      await ctx.ns.putJson("demo/config.json", { theme: "dark", features: ["kv", "cache"], retries: 3 });
      await ctx.ns.put("demo/pixel.png", PIXEL_PNG, { contentType: "image/png" });
      return "demo/readme.txt, demo/config.json, demo/pixel.png";
    },
  },
];
