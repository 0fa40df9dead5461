import type { AstroIntegration } from 'astro';
import { createApi } from './server/api.ts';
import { configFromEnv } from './server/config.ts';

/**
 * Mounts the `/api/*` handlers on Astro's dev server, so `astro dev` serves
 * the same demo streams as the production entry (src/server/start.ts).
 */
export function sseEndpoint(): AstroIntegration {
  return {
    name: 'sse-handbook:endpoint',
    hooks: {
      'astro:server:setup': ({ server }) => {
        const api = createApi(configFromEnv());
        server.middlewares.use((req, res, next) => {
          if (!api.handle(req, res)) next();
        });
        server.httpServer?.once('close', () => api.close());
      },
    },
  };
}
