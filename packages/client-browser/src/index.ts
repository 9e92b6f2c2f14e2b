export * from "@telnyx-kv/core";
export { createKvClient, type KvBrowserClientOptions } from "./client.js";
