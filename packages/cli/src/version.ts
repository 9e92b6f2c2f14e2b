/** Replaced at build time by tsup's `define` (see tsup.shared.ts); absent when sources run under vitest. */
declare const __PACKAGE_NAME__: string;
declare const __PACKAGE_VERSION__: string;

/** Package name, injected at build time so it never drifts from package.json. */
export const PACKAGE_NAME: string =
  typeof __PACKAGE_NAME__ === "string" ? __PACKAGE_NAME__ : "@telnyx-kv/cli";

/** Package version, injected at build time; sources run by vitest see a development marker. */
export const PACKAGE_VERSION: string =
  typeof __PACKAGE_VERSION__ === "string" ? __PACKAGE_VERSION__ : "0.0.0-dev";
