// Preloaded into a benchmarked process: prints its peak resident memory (kB) to stderr at exit.
process.on("exit", () => process.stderr.write(`peak-rss-kb ${process.resourceUsage().maxRSS}\n`));
