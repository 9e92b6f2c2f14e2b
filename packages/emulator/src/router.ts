import { KV_API_VERSION_SEGMENT, type KvPathMatch, matchKvPath } from "@telnyx-kv/core/protocol";
/** Finds a request's route in core's protocol table; the emulator keeps no path list of its own. */

/** The path every KV endpoint starts with, `/v2`. */
export const API_ROOT = `/${KV_API_VERSION_SEGMENT}`;

/** The route of a request path (query already removed): the table's match below `/v2`, or `undefined`. */
export function matchRequestPath(path: string): KvPathMatch | undefined {
  return path.startsWith(API_ROOT) ? matchKvPath(path.slice(API_ROOT.length)) : undefined;
}
