// tsc copies no file that is not TypeScript: the inspector's page (hand-written HTML, JS, CSS)
// goes next to the compiled server, dist/inspector/assets/, which the package ships.
import { cpSync, rmSync } from 'node:fs';

const from = new URL('../src/inspector/assets/', import.meta.url);
const to = new URL('../dist/inspector/assets/', import.meta.url);
rmSync(to, { recursive: true, force: true });
cpSync(from, to, { recursive: true });
