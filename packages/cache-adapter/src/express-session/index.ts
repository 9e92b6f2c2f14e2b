// express-session is Node-only, but this subpath imports no Node module itself (the host brings `events`).
export {
  KV_SESSION_DEFAULT_TTL_SECONDS,
  type KvSessionSerializer,
  type KvSessionStoreOptions,
} from "./options.js";
export { createSessionStore, KvSessionDecodeError, KvSessionStore } from "./store.js";
