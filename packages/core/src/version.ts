declare const __PACKAGE_NAME__: string;
declare const __PACKAGE_VERSION__: string;

/** This package's name, injected at build time. */
export const PACKAGE_NAME: string =
  typeof __PACKAGE_NAME__ === "string" ? __PACKAGE_NAME__ : "@telnyx-kv/core";
/** This package's version, injected at build time from package.json (tests from source see "0.0.0-dev"). */
export const PACKAGE_VERSION: string =
  typeof __PACKAGE_VERSION__ === "string" ? __PACKAGE_VERSION__ : "0.0.0-dev";
