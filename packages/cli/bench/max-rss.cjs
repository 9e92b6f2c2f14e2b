// Preloaded into the bin by size.mjs (`node -r`): prints the process's peak resident set size on exit.
process.on("exit", () => {
  require("node:fs").writeSync(2, `telnyx-kv-bench max-rss-kb ${process.resourceUsage().maxRSS}\n`);
});
