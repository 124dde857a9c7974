/** A small capture to insert into a Store directly (body `n=<n>`, path `/c<n>`). */
export const newCapture = (n: number) => ({
  method: 'POST',
  url: `/c${n}`,
  headers: [['Host', 'x']] as Array<[string, string]>,
  body: Buffer.from(`n=${n}`),
  receivedAt: 1_700_000_000_000 + n,
  remote: '127.0.0.1:1',
  size: 3,
  truncated: false,
  answer: null,
});
