/**
 * The yardstick of the load benchmark (bench/load.bench.ts): the smallest
 * `node:http` SSE server of the same shape as our room, and nothing else.
 *
 *   GET  /sse        an event stream with the endpoint's headers and a
 *                    `: heartbeat` comment every 15 s from a timer of its own
 *   POST /broadcast  serializes one event and writes it to every open stream;
 *                    the event carries the server's clock at the write
 *                    (`performance.timeOrigin + performance.now()`, ms) and the
 *                    body's `text`; answers 201
 *   GET  /status     {"openStreams": n, "memory": {"rss": …, "heapUsed": …}}
 *   GET  /           an empty page, the origin Chromium's EventSource runs on
 *
 * No caps, rate limits, history or backpressure bound: what ours adds on top
 * of this is what the benchmark's ratios show. Listens on 127.0.0.1, on the
 * port in PORT (0 picks one), and prints `listening on <port>`.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const HEARTBEAT_MS = 15_000;
const headers = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
};

const streams = new Set<ServerResponse>();

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/sse') {
    res.writeHead(200, headers);
    res.flushHeaders();
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    streams.add(res);
    res.on('error', () => {});
    res.once('close', () => {
      clearInterval(heartbeat);
      streams.delete(res);
    });
    return;
  }
  if (req.method === 'POST' && req.url === '/broadcast') {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const { text } = JSON.parse(body) as { text: string };
      const wire = Buffer.from(`data: ${JSON.stringify({ text, sentAt: performance.timeOrigin + performance.now() })}\n\n`);
      for (const stream of streams) stream.write(wire);
      res.writeHead(201, { 'Content-Type': 'application/json' });
      res.end('{}');
    });
    return;
  }
  if (req.method === 'GET' && req.url === '/status') {
    const { rss, heapUsed } = process.memoryUsage();
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify({ openStreams: streams.size, memory: { rss, heapUsed } }));
    return;
  }
  if (req.method === 'GET' && req.url === '/') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>bare</title>');
    return;
  }
  res.writeHead(404).end();
});

server.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1', () => {
  console.log(`listening on ${(server.address() as AddressInfo).port}`);
});
process.once('SIGTERM', () => process.exit(0));
