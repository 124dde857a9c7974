import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Hand-written page files beside this module: src/inspector/assets/, copied to
// dist/inspector/assets/ by the build (scripts/copy-inspector-assets.mjs).
const DIR = fileURLToPath(new URL('./assets/', import.meta.url));

const TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/** The files the page is made of: served by name, nothing else on disk is reachable. */
export const ASSET_NAMES = ['app.js', 'dom.js', 'header.js', 'keys.js', 'live.js', 'list.js', 'details.js', 'tree.js', 'style.css'] as const;

export interface Asset {
  type: string;
  body: Buffer;
}

/** Reads the page once per inspector: the index with its per-run token in a meta tag. */
export function loadAssets(token: string): Map<string, Asset> {
  const out = new Map<string, Asset>();
  for (const name of ASSET_NAMES) out.set(`/${name}`, { type: TYPES[name.split('.').pop()!]!, body: readFileSync(DIR + name) });
  const html = readFileSync(`${DIR}index.html`, 'utf8').replace('__INSPECTOR_TOKEN__', token);
  out.set('/', { type: TYPES.html!, body: Buffer.from(html) });
  return out;
}
