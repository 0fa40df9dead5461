// app/api/events/route.js: an event stream from a Next.js route handler.
// GET /api/events?n=5 sends five tick events a second apart, then ends;
// without n it runs until the client leaves.

// Run on every request: an event stream is never built once and cached.
export const dynamic = 'force-dynamic';

const encoder = new TextEncoder();

export function GET(request) {
  const count = Number(request.nextUrl.searchParams.get('n') ?? Infinity);
  let ticker;
  let i = 0;

  // Return the Response at once and write the events into its body later:
  // Next sends each chunk as it is enqueued.
  const stream = new ReadableStream({
    start(controller) {
      ticker = setInterval(() => {
        i += 1;
        const data = JSON.stringify({ i, time: new Date().toISOString() });
        controller.enqueue(encoder.encode(`id: ${i}\nevent: tick\ndata: ${data}\n\n`));
        if (i >= count) {
          clearInterval(ticker);
          controller.close();
        }
      }, 1000);
    },
    // The client left: Next cancels the body (and aborts request.signal).
    cancel() {
      clearInterval(ticker);
      console.log(`client left after ${i} events`);
    },
  });

  return new Response(stream, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      // no-transform: Next's compression (on by default) leaves it alone.
      'Cache-Control': 'no-cache, no-transform',
    },
  });
}
