export { type EmulatorFailureKind, type EmulatorFaults, FAULT_HEADER } from "./faults.js";
export type { Emulator, EmulatorOptions, EmulatorRequestRecord } from "./options.js";
export { startEmulator } from "./server.js";
