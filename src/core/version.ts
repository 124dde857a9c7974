import { createRequire } from 'node:module';

// package.json is the one place the version is written; src/ and dist/ both sit two levels below it.
export const VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
