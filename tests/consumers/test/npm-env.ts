/** The environment for npm: without what `pnpm run` exports for itself (npm_config_*), which npm would obey. */
export function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!/^npm_/i.test(name)) env[name] = value;
  return { ...env, NO_UPDATE_NOTIFIER: "1" };
}
