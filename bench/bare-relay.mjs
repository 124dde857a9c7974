// The ceiling for `listen --forward-to`: a relay that stores, decodes and judges nothing. node:http
// in, undici's dispatch API out (what forwarding uses), the app's answer passed back. Argument: the app's URL.
import { createServer } from 'node:http';
import { getGlobalDispatcher } from 'undici';

const { origin } = new URL(process.argv[2]);
const dispatcher = getGlobalDispatcher();
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const answer = [];
    let status = 0;
    dispatcher.dispatch(
      // rawHeaders is [name, value, ...]: drop the host and connection pairs, relay the rest.
      { origin, path: req.url, method: req.method, headers: req.rawHeaders.filter((_, i, h) => !/^(host|connection)$/i.test(h[i - (i % 2)])), body: Buffer.concat(chunks) },
      {
        onRequestStart() {},
        onResponseStart(_c, statusCode) {
          status = statusCode;
        },
        onResponseData(_c, chunk) {
          answer.push(chunk);
        },
        onResponseEnd() {
          const body = Buffer.concat(answer);
          res.writeHead(status, { 'Content-Length': body.length }).end(body);
        },
        onResponseError() {
          res.writeHead(502).end();
        },
      },
    );
  });
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })));
