import type { TestProject } from "vitest/node";
import { closeTestServers, testServers } from "./servers.js";

/** Starts the emulator before the browser tests and hands its URL to them. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { emulator } = await testServers();
  project.provide("emulatorUrl", emulator.url);
  return closeTestServers;
}

declare module "vitest" {
  export interface ProvidedContext {
    emulatorUrl: string;
  }
}
