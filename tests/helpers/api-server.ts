import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApi, type Api } from '../../src/server/api.ts';
import { defaultConfig, type EndpointConfig } from '../../src/server/config.ts';

export interface TestApiServer {
  api: Api;
  server: Server;
  url(path: string): string;
  close(): Promise<void>;
}

/** The /api handler alone on a real HTTP server at a free loopback port. */
export async function startApiServer(overrides: Partial<EndpointConfig> = {}): Promise<TestApiServer> {
  const api = createApi({ ...defaultConfig, ...overrides });
  const server = createServer((req, res) => {
    if (!api.handle(req, res)) {
      res.writeHead(418).end('not an API path');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    api,
    server,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: async () => {
      api.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Reads a streaming response body as text chunks, with the arrival time of each. */
export async function* readChunks(response: Response): AsyncGenerator<{ text: string; at: number }> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield { text: value, at: performance.now() };
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}
