npm run doctor -- https://sse.example.com/events
npx sse-doctor https://sse.example.com/events
