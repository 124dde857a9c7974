// Run after `npm install` changes package-lock.json: node scripts/complete-lock.mjs
import { readFileSync, writeFileSync } from 'node:fs';
// npm 11's `npm ci` wants a lock entry for every optional platform package of rollup, but the
// registry here does not serve the foreign-platform ones, so `npm install` cannot write them.
// Entries for platforms that never match this machine are only ever skipped, never fetched.
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const rollup = lock.packages['node_modules/rollup'];
const platform = (name) => {
  const m = /rollup-(android|darwin|freebsd|linux|openbsd|openharmony|win32)-([a-z0-9]+)(?:-(gnu|musl|gnueabihf|musleabihf|msvc|eabi))?$/.exec(name);
  const [, os, arch, abi] = m;
  const cpu = arch === 'arm' ? 'arm' : arch;
  const e = { os: [os], cpu: [cpu] };
  if (abi === 'gnu' || abi === 'gnueabihf') e.libc = ['glibc'];
  if (abi === 'musl' || abi === 'musleabihf') e.libc = ['musl'];
  return e;
};
for (const [name, version] of Object.entries(rollup.optionalDependencies)) {
  const key = `node_modules/${name}`;
  if (lock.packages[key]) continue;
  const p = platform(name);
  lock.packages[key] = { version, cpu: p.cpu, dev: true, license: 'MIT', optional: true, os: p.os, ...(p.libc ? { libc: p.libc } : {}) };
  console.log('added', name, version, JSON.stringify(p));
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
