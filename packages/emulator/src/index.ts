export { FAULT_HEADER } from "./cors.js";
export type { EmulatorFailureKind, EmulatorFaults } from "./faults.js";
export type { Emulator, EmulatorOptions, EmulatorRequestRecord } from "./options.js";
export { startEmulator } from "./server.js";
