/**
 * Walks core's protocol table on the emulator: every route × method answers as `KV_ROUTES` says, an
 * operation with one of its `success` statuses, any other method 405 with exactly the table's `Allow`.
 */

import {
  KV_ERRORS,
  KV_ROUTES,
  type KvOperationSpec,
  type KvRouteSpec,
  keyListProblem,
  kvAllowHeader,
  kvOperationFor,
  namespaceEnvelopeProblem,
  namespaceListProblem,
} from "@telnyx-kv/core/protocol";
import { expect, it } from "vitest";
import { type Api, expectError, expectWireShape, freshName, type ReqOptions } from "./helpers.js";
import { describeStores } from "./stores.js";

const METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"] as const;
const KEY = "walk/a=b.c";

// The guard of each JSON answer; operations missing here answer without a body.
const GUARDS: Partial<Record<KvOperationSpec["name"], (value: unknown) => string | undefined>> = {
  "namespaces.list": namespaceListProblem,
  "namespaces.create": namespaceEnvelopeProblem,
  "namespaces.get": namespaceEnvelopeProblem,
  "namespaces.delete": namespaceEnvelopeProblem,
  "keys.list": keyListProblem,
};

/** The route's template with a ready namespace (holding {@link KEY}) and that key filled in. */
async function pathFor(api: Api, route: KvRouteSpec): Promise<string> {
  let path = route.template;
  if (path.includes("{namespaceId}")) {
    const id = await api.readyNamespace();
    expect((await api.put(id, KEY, "walk value")).status).toBe(201);
    path = path.replace("{namespaceId}", id);
  }
  return path.replace("{key}", encodeURIComponent(KEY));
}

/** A request body of the kind the operation takes (any body for a method the route refuses). */
function bodyFor(operation: KvOperationSpec | undefined, method: string): ReqOptions {
  if (operation?.body === "json") {
    return {
      body: JSON.stringify({ name: freshName("walk") }),
      headers: { "content-type": "application/json" },
    };
  }
  if (operation?.body === "bytes") return { body: "walked", headers: { "content-type": "text/plain" } };
  return operation === undefined && method !== "GET" && method !== "HEAD" ? { body: "x" } : {};
}

/** A value the parameter's rule refuses, or `undefined` when the rule accepts everything (an opaque cursor). */
function refusedValue(problem: (raw: string) => string | undefined): string | undefined {
  return ["0", "-1", "1.5", "a b", "ü"].find((raw) => problem(raw) !== undefined);
}

describeStores("protocol table walk", (ctx) => {
  for (const route of Object.values(KV_ROUTES)) {
    for (const method of METHODS) {
      const operation = kvOperationFor(route.name, method);
      const what = operation ? `${operation.name}, ${operation.success.join("/")}` : "405";
      it(`${method} ${route.template} answers as the table says (${what})`, async () => {
        const api = ctx.api();
        const path = await pathFor(api, route);
        const res = await api.req(method, path, bodyFor(operation, method));
        if (operation === undefined) {
          expectError(res, 405, KV_ERRORS.methodNotAllowed.code);
          expect(res.headers.get("allow")).toBe(kvAllowHeader(route.name));
          return;
        }
        expect(operation.success, `${res.status} ${res.text.slice(0, 200)}`).toContain(res.status);
        const guard = GUARDS[operation.name];
        if (guard && method !== "HEAD") expectWireShape(res, guard);
      });
    }
  }

  for (const route of Object.values(KV_ROUTES)) {
    for (const operation of Object.values(route.operations)) {
      for (const param of operation.query) {
        const refused = refusedValue(param.problem);
        if (refused === undefined) continue;
        it(`${operation.name} refuses ${param.name}=${refused} with 400, as the table's rule does`, async () => {
          const api = ctx.api();
          const path = await pathFor(api, route);
          const res = await api.req(operation.method, path, {
            ...bodyFor(operation, operation.method),
            query: { [param.name]: refused },
          });
          const body = expectError(res, 400, KV_ERRORS.badRequest.code);
          expect(body.errors[0]!.detail).toContain(param.name);
        });
      }
    }
  }

  it("matches paths exactly: a trailing slash is 404 and the detail says to drop it", async () => {
    const api = ctx.api();
    const id = await api.readyNamespace();
    for (const path of ["/storage/kvs/", `/storage/kvs/${id}/`]) {
      for (const method of ["GET", "POST", "DELETE"]) {
        const res = await api.req(method, path, method === "POST" ? { body: "{}" } : {});
        const body = expectError(res, 404, KV_ERRORS.notFound.code);
        expect(body.errors[0]!.detail, `${method} ${path}`).toMatch(/drop the trailing slash/);
      }
    }
    // Without the slash both answer.
    expect((await api.req("GET", "/storage/kvs")).status).toBe(200);
    expect((await api.getNamespace(id)).status).toBe(200);
  });
});
