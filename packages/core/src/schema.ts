import { KvValidationError, type KvValidationIssue } from "./errors.js";

/** One problem a Standard Schema found: its message and where in the value (keys and indexes). */
export interface KvSchemaIssue {
  /** What is wrong, in the schema library's words. */
  readonly message: string;
  /** Where in the value, outermost first; absent for the value itself. */
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/** What a Standard Schema's `validate` returns: the (possibly transformed) value, or the issues. */
export type KvSchemaResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<KvSchemaIssue> };

/**
 * Any Standard Schema v1 validator (zod 4, valibot 1, arktype 2…): the part of the spec this toolkit uses,
 * written here so core needs no dependency; every schema that implements the spec fits it.
 */
export interface KvStandardSchema<Output = unknown> {
  readonly "~standard": {
    /** Version of the Standard Schema spec. */
    readonly version: 1;
    /** The schema library, such as `"zod"` or `"valibot"`. */
    readonly vendor: string;
    /** Checks a value: synchronously or with a promise. */
    readonly validate: (value: unknown) => KvSchemaResult<Output> | Promise<KvSchemaResult<Output>>;
    /** Carries the schema's types for inference only (absent at run time). */
    readonly types?: { readonly input: unknown; readonly output: Output } | undefined;
  };
}

/** The type of the value a schema returns (its output, after any transform). */
export type KvSchemaOutput<S extends KvStandardSchema> = NonNullable<S["~standard"]["types"]>["output"];

/**
 * Checks a value read from a key against a Standard Schema and returns the schema's output; a value that
 * fails is a {@link KvValidationError} naming the key and the issues (messages cut short, never the value).
 */
export async function validateWithSchema<S extends KvStandardSchema>(
  schema: S,
  value: unknown,
  key: string,
  operation = "getJson",
): Promise<KvSchemaOutput<S>> {
  const result = await schema["~standard"].validate(value);
  if (!result.issues) return result.value as KvSchemaOutput<S>;
  // Kept short on purpose (it ships in every browser bundle): some libraries quote the received value in
  // their messages, so each is cut to 100 characters, and nothing else of the value is kept.
  const issues: KvValidationIssue[] = result.issues.map(({ message, path = [] }) => ({
    path: path.map((part) => String(typeof part === "object" ? part.key : part)).join("."),
    message: message.slice(0, 100),
  }));
  throw new KvValidationError(
    `Telnyx KV ${operation}(${JSON.stringify(key)}): the value does not match the schema (${issues
      .slice(0, 5)
      .map((issue) => `${issue.path || "value"}: ${issue.message}`)
      .join("; ")}). Write a valid value or fix the schema; error.issues lists every issue.`,
    { input: "value", rule: "it must match the schema", code: "schema", status: 422, key, operation, issues },
  );
}
