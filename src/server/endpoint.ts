import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventStream } from './event-stream.ts';

/** What an endpoint gets for one request: to a demo stream (`/api/sse/<name>`) or another route (`POST /api/room`). */
export interface EndpointRequest {
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  /**
   * The client's address, for per-client limits: the socket's peer, or the
   * first untrusted hop of `X-Forwarded-For` when the peer is a trusted
   * reverse proxy (TRUST_PROXY); an IPv6 address cut to its network
   * (SSE_IPV6_PREFIX, see `clientKey` in client-address.ts).
   */
  client: string;
  /**
   * Starts the event stream: writes the headers and registers the stream with
   * its heartbeat and cleanup. Throws a 503 when the cap on open streams is
   * reached. Validate the query first, so bad input gets a 400, not a stream.
   * `heartbeat: false` keeps the stream byte-exact (the echo replay).
   */
  openStream(options?: { heartbeat?: boolean }): EventStream;
}

/** One endpoint of the bundled API: a demo stream such as the clock, or a route such as `POST /api/room`. */
export interface Endpoint {
  /** HTTP methods it answers; any other gets 405 with an `Allow` header. */
  methods: readonly string[];
  handle(request: EndpointRequest): void | Promise<void>;
}
