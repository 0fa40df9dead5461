// vite.config.mjs: the Vite dev server passes /api/* on to the backend.
import { defineConfig } from 'vite';

// Where the SSE backend runs in development.
const backend = process.env.BACKEND_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  server: {
    proxy: {
      '/api': { target: backend },
    },
  },
});
