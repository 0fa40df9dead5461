PORT=3001 REDIS_URL=redis://127.0.0.1:6379 node redis-broadcast-server.mjs
