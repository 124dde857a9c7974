// Preloaded into CLI children (NODE_OPTIONS=--require): prints the process's peak resident
// memory as the last stderr line, so a test can bound it without polling.
process.on('exit', () => {
  process.stderr.write(`\npeak-rss-kb=${process.resourceUsage().maxRSS}\n`);
});
