// The schema check behind `getJson(key, { schema })` and `validateWithSchema`. Loaded with `import()` on the
// first check, so a page that never passes a schema ships none of it (issue 23; the ESM build keeps this file
// apart, see tsup.config.ts). The error class comes in as an argument so this file imports nothing at run
// time and a page's bundler adds no shared chunk to the first load.
import type { KvValidationError, KvValidationIssue } from "./errors.js";
import type { KvSchemaOutput, KvStandardSchema } from "./schema.js";
import type { KvCallOptions, KvNamespaceClient } from "./types.js";

/** `getJson(key, { schema })`: reads the key, then checks its value; `null` (missing) is never checked. */
export async function getJson<S extends KvStandardSchema>(
  namespace: KvNamespaceClient,
  key: string,
  options: KvCallOptions & { schema: S },
  ErrorClass: typeof KvValidationError,
): Promise<KvSchemaOutput<S> | null> {
  const value = await namespace.get(key, options);
  return value && check(options.schema, await value.json(), key, ErrorClass);
}

/** Checks a value against a Standard Schema: the schema's output, or a `KvValidationError` with the issues. */
export async function check<S extends KvStandardSchema>(
  schema: S,
  value: unknown,
  key: string,
  ErrorClass: typeof KvValidationError,
  operation = "getJson",
): Promise<KvSchemaOutput<S>> {
  // Standard Schema validators may answer with a promise (zod's async refinements do).
  const result = await schema["~standard"].validate(value);
  if (!result.issues) return result.value as KvSchemaOutput<S>;
  // Some libraries quote the received value in their messages (valibot does): each is cut to 100
  // characters, and nothing else of the value (valibot's and zod's `input`) is kept.
  const issues: KvValidationIssue[] = result.issues.map(({ message, path = [] }) => ({
    path: path.map((part) => String(typeof part === "object" ? part.key : part)).join("."),
    message: message.slice(0, 100),
  }));
  const listed = issues
    .slice(0, 5)
    .map((issue) => `${issue.path || "value"}: ${issue.message}`)
    .join("; ");
  const error = new ErrorClass(
    `Telnyx KV ${operation}(${JSON.stringify(key)}): the value does not match the schema (${listed}). Write a valid value or fix the schema; error.issues lists every issue.`,
    { input: "value", rule: "it must match the schema", code: "schema", status: 422, key, operation },
  );
  // Set here rather than by the constructor, which every bundle ships.
  Object.defineProperty(error, "issues", { value: issues, enumerable: true });
  throw error;
}
