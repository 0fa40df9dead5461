// Broken: every event arrives at once, after five seconds. The handler
// writes its events before it returns the Response, so Next has nothing
// to send until the loop is over.
export const dynamic = 'force-dynamic';

const encoder = new TextEncoder();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function GET() {
  const { readable, writable } = new TransformStream();
  const writer = writable.getWriter();
  for (let i = 1; i <= 5; i += 1) {
    await sleep(1000);
    const data = JSON.stringify({ i, time: new Date().toISOString() });
    // Not awaited: the write waits for a reader, and there is none yet.
    writer.write(encoder.encode(`data: ${data}\n\n`));
  }
  writer.close();
  return new Response(readable, {
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform' },
  });
}
