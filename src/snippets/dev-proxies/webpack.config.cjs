// webpack.config.cjs: webpack-dev-server passes /api/* on to the backend.
// Where the SSE backend runs in development.
const backend = process.env.BACKEND_URL ?? 'http://127.0.0.1:3000';

module.exports = {
  mode: 'development',
  devServer: {
    proxy: [
      {
        context: ['/api'],
        target: backend,
        // The browser left: end the request to the backend too. The proxy
        // (http-proxy 1.18) waits for an 'aborted' event that Node no longer
        // emits for a request that was received in full, so without this
        // the backend keeps streaming into the void.
        onProxyReq: (proxyReq, req, res) => res.on('close', () => proxyReq.destroy()),
      },
    ],
    // On by default: compresses everything it serves, proxied event streams
    // included, and the compressor holds the events back.
    compress: false,
  },
};
