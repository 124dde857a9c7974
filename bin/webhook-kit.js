#!/usr/bin/env node
// Thin launcher: the compiled CLI is bundled into dist/cli-bundle/ (built by `npm ci` via the
// prepare script; scripts/bundle-cli.mjs says why it is a bundle).
import { main, onClosedPipe } from '../dist/cli-bundle/main.js';

// A closed pipe (`webhook-kit list | head`) is a normal way for a reader to stop; `send` and
// `replay` finish their deliveries first and exit with their verdict (src/cli/io.ts outcome).
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') {
    if (onClosedPipe() === 'exit') process.exit(0);
    return;
  }
  throw e;
});

main(process.argv).then((code) => {
  process.exitCode = code;
});
