// Next's own handler types (Next 16 here; tsconfig.types-next15.json maps "next" to Next 15 for the
// `cacheHandler` half). Next calls the handlers with its arguments, so those must fit ours; what `get`
// answers is what `set` was given, so Next's values must fit our stored type too.
import type {
  CacheHandlerContext,
  CacheHandlerValue,
  CacheHandler as NextCacheHandler,
} from "next/dist/server/lib/incremental-cache";
import type {
  KvNextCacheHandler,
  KvNextCacheHandlerClass,
  KvNextCacheHandlerValue,
} from "../../src/next/index.js";
import KvNextCacheHandlerFromEnv, { createNextCacheHandler } from "../../src/next/index.js";

type Args<F> = F extends (...args: infer A) => unknown ? A : never;

export const constructed = (args: ConstructorParameters<typeof NextCacheHandler>): KvNextCacheHandler =>
  new (createNextCacheHandler({ prefix: "app/" }))(...args);
export const fromEnv: KvNextCacheHandlerClass = KvNextCacheHandlerFromEnv;
export const context = (ctx: CacheHandlerContext): ConstructorParameters<KvNextCacheHandlerClass> => [ctx];
export const getArgs = (args: Args<NextCacheHandler["get"]>): Args<KvNextCacheHandler["get"]> => args;
export const setArgs = (args: Args<NextCacheHandler["set"]>): Args<KvNextCacheHandler["set"]> => args;
export const revalidateArgs = (
  args: Args<NextCacheHandler["revalidateTag"]>,
): Args<KvNextCacheHandler["revalidateTag"]> => args;
export const stored = (value: CacheHandlerValue["value"]): KvNextCacheHandlerValue["value"] => value;

// The way back: what `get` answers fits Next's value type, its `kind` compared as the string it is (Next
// declares the kinds as a const enum, which no value from outside Next can be typed as).
type KindAsString<T> = T extends { kind: infer K } ? Omit<T, "kind"> & { kind: `${K & string}` } : T;
type NextValue = KindAsString<NonNullable<CacheHandlerValue["value"]>>;
export const answered = (value: NonNullable<KvNextCacheHandlerValue["value"]>): NextValue => value;
export const answeredEntry = (
  entry: KvNextCacheHandlerValue,
): Omit<CacheHandlerValue, "value"> & { value: NextValue | null } => entry;
