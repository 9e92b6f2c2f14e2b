/** Replaced at build time by tsup's `define` (see tsup.shared.ts); absent when the sources run under vitest. */
declare const __PACKAGE_NAME__: string;
declare const __PACKAGE_VERSION__: string;
