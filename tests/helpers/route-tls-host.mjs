/**
 * Preloaded (node --import) into a command a page shows that runs a Node.js
 * client, such as the doctor: its TLS connections to the host and port the
 * page names (SSE_ROUTE_FROM, e.g. "sse.example.com:443") go to the test's
 * server (SSE_ROUTE_TO, e.g. "127.0.0.1:41237") instead. The TLS server name
 * stays the page's host, and the certificate is verified as usual (the test
 * trusts its own with NODE_EXTRA_CA_CERTS), so nothing else about the run
 * changes. The Node counterpart of tests/helpers/routed-curl.ts.
 */
import tls from 'node:tls';

const [fromHost, fromPort] = (process.env.SSE_ROUTE_FROM ?? '').split(':');
const [toHost, toPort] = (process.env.SSE_ROUTE_TO ?? '').split(':');
const connect = tls.connect;

tls.connect = function routedConnect(...args) {
  const [options] = args;
  if (options && typeof options === 'object' && options.host === fromHost && String(options.port) === fromPort) {
    args[0] = { ...options, host: toHost, port: Number(toPort), servername: options.servername ?? fromHost };
  }
  return connect.apply(this, args);
};
