import { KvValidationError } from "./errors.js";

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
  operation?: string,
): Promise<KvSchemaOutput<S>> {
  // Loaded on the first check, so it costs a page nothing until a schema is passed (issue 23).
  return (await import("./schema-check.js")).check(schema, value, key, KvValidationError, operation);
}
