/**
 * A worker script's URL: the compiled file beside this module, or the one in dist/ when this
 * module runs from the TypeScript sources (vitest): Node cannot start a worker from a .ts file.
 * `npm test` builds first, so tests run the same worker code as listen does.
 */
export function workerUrl(name: string): URL {
  const here = new URL(import.meta.url);
  return here.pathname.endsWith('.ts') ? new URL(`../../dist/capture/${name}.js`, here) : new URL(`./${name}.js`, here);
}
