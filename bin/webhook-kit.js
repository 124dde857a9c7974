#!/usr/bin/env node
// Thin launcher: the compiled CLI is bundled into dist/cli-bundle/ (built by `npm ci` via the
// prepare script; scripts/bundle-cli.mjs says why it is a bundle).
import { main } from '../dist/cli-bundle/main.js';

// A closed pipe (`webhook-kit list | head`) is a normal way for a reader to stop.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

main(process.argv).then((code) => {
  process.exitCode = code;
});
