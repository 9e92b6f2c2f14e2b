/**
 * Guards for the JSON bodies of 2xx answers: each returns why a value is not the wire shape, or `undefined`.
 * Hand-written rather than a schema library, so the browser path stays small.
 */

type Json = Record<string, unknown>;
/** Field name → the `typeof` its value must have. */
type Fields = Readonly<Record<string, "string" | "number" | "boolean">>;

const NAMESPACE: Fields = {
  id: "string",
  name: "string",
  status: "string",
  created_at: "string",
  updated_at: "string",
};
const PAGE_META: Fields = {
  page_number: "number",
  page_size: "number",
  total_pages: "number",
  total_results: "number",
};
const KEY: Fields = { key: "string", size_bytes: "number", updated_at: "string" };

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Why `value` is not an object whose listed fields have their types. */
function recordProblem(value: unknown, fields: Fields, where: string): string | undefined {
  if (!isObject(value)) return `${where} is not an object`;
  for (const [field, type] of Object.entries(fields)) {
    if (typeof value[field] !== type) return `${where}.${field} is not a ${type}`;
  }
  return undefined;
}

/** Why `value` is not `{"data": [<fields>...], "meta": {...}}`, or `undefined`. */
function listProblem(value: unknown, entry: Fields): string | undefined {
  if (!isObject(value)) return "the body is not a JSON object";
  if (!Array.isArray(value.data)) return "data is not an array";
  for (let i = 0; i < value.data.length; i++) {
    const problem = recordProblem(value.data[i], entry, `data[${i}]`);
    if (problem) return problem;
  }
  return isObject(value.meta) ? undefined : "meta is not an object";
}

/** Why `value` is not a namespace record (`{id, name, status, created_at, updated_at}`), or `undefined`. */
export function namespaceRecordProblem(value: unknown, where = "data"): string | undefined {
  return recordProblem(value, NAMESPACE, where);
}

/** Why `value` is not `{"data": <namespace>}` (create, get, delete), or `undefined`. */
export function namespaceEnvelopeProblem(value: unknown): string | undefined {
  return isObject(value) ? namespaceRecordProblem(value.data) : "the body is not a JSON object";
}

/** Why `value` is not a namespace listing (`{"data": [...], "meta": {...}}`), or `undefined`. */
export function namespaceListProblem(value: unknown): string | undefined {
  const problem = listProblem(value, NAMESPACE);
  if (problem) return problem;
  // All four are documented; without total_pages the client could not tell a last page from a first one.
  return recordProblem((value as Json).meta, PAGE_META, "meta");
}

/** Why `value` is not a key listing (`{"data": [{key, size_bytes, updated_at}], "meta": {has_more, cursor?}}`), or `undefined`. */
export function keyListProblem(value: unknown): string | undefined {
  const problem = listProblem(value, KEY);
  if (problem) return problem;
  const meta = (value as Json).meta as Json;
  if (typeof meta.has_more !== "boolean") return "meta.has_more is not a boolean";
  const cursor = meta.cursor;
  if (cursor !== undefined && typeof cursor !== "string") return "meta.cursor is not a string";
  if (meta.has_more && !cursor) return "meta.has_more is true but meta.cursor gives no page to go on from";
  return undefined;
}
