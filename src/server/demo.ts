import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventStream } from './event-stream.ts';

/** What a demo gets for one request to `/api/sse/<name>`. */
export interface DemoRequest {
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

/** One demo stream of the bundled endpoint. */
export interface Demo {
  /** HTTP methods it answers; any other gets 405 with an `Allow` header. */
  methods: readonly string[];
  handle(request: DemoRequest): void | Promise<void>;
}
