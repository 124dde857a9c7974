/** Single requests that used to take the listener down or stall it, each under the 1 MiB body limit. */
export interface Bomb {
  name: string;
  path: string;
  type: string | undefined;
  body: Buffer;
}

const FORM = 'application/x-www-form-urlencoded';
const laughs = (levels: number): string => {
  const defs = ['<!ENTITY lol0 "lol">'];
  for (let i = 1; i <= levels; i++) defs.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
  return `<?xml version="1.0"?><!DOCTYPE lolz [${defs.join('')}]><lolz>&lol${levels};</lolz>`;
};

export const BOMBS: Bomb[] = [
  { name: 'JSON arrays 100k deep', path: '/hook', type: 'application/json', body: Buffer.from('['.repeat(100_000) + ']'.repeat(100_000)) },
  { name: 'JSON objects 100k deep', path: '/zender', type: 'application/json', body: Buffer.from('{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)) },
  { name: 'JSON 100k deep sent as a form to /webcom', path: '/webcom', type: FORM, body: Buffer.from('['.repeat(100_000) + ']'.repeat(100_000)) },
  { name: 'JSON 100k deep as text to /webcom', path: '/webcom', type: 'text/plain', body: Buffer.from('[{"id_sms":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}]') },
  { name: 'XML 100k deep', path: '/hook', type: 'text/xml', body: Buffer.from('<a>'.repeat(100_000) + '</a>'.repeat(100_000)) },
  { name: 'XML 100k deep as text to /webcom', path: '/webcom', type: 'text/plain', body: Buffer.from('<response>' + '<a>'.repeat(100_000) + '</a>'.repeat(100_000) + '</response>') },
  { name: 'billion laughs', path: '/webcom', type: 'text/xml', body: Buffer.from(laughs(9)) },
  { name: 'quadratic entity blow-up', path: '/hook', type: 'application/xml', body: Buffer.from(`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "${'x'.repeat(9_000)}">]><r>${'&a;'.repeat(100_000)}</r>`) },
  { name: 'PHP bracket key 10k deep', path: '/zender', type: FORM, body: Buffer.from(`data${'[a]'.repeat(10_000)}=1&secret=x`) },
  { name: 'PHP data[] repeated 110k times', path: '/zender', type: FORM, body: Buffer.from('data[]=1&'.repeat(110_000)) },
  { name: 'PHP data[a][] repeated 80k times', path: '/zender', type: FORM, body: Buffer.from('data[a][]=1&'.repeat(80_000)) },
  { name: 'one key repeated 250k times', path: '/smsc', type: FORM, body: Buffer.from('a=1&'.repeat(250_000)) },
  { name: 'prototype keys in every spelling', path: '/zender', type: FORM, body: Buffer.from('__proto__[polluted]=1&constructor[prototype][polluted]=1&data[__proto__][polluted]=1&__proto__=x&data[constructor][prototype][polluted]=1&%5F%5Fproto%5F%5F%5Bpolluted%5D=1') },
  { name: 'form sniffing backtracking bait', path: '/hook', type: undefined, body: Buffer.from(`a=b${'&xxxx'.repeat(800)} y`) },
  { name: 'random megabyte', path: '/hook', type: 'application/octet-stream', body: Buffer.from(Array.from({ length: 1024 * 1024 - 1 }, (_, i) => (i * 2654435761) >>> 24)) },
];
