"""Server-Sent Events from Flask: a tick a second, each with an id, a heartbeat
comment, and a resume after the Last-Event-ID a reconnecting browser sends.

Run it (Debian 12: apt install python3-flask gunicorn python3-gevent) with
gunicorn's threads, 100 streams per worker process:
    gunicorn --worker-class gthread --threads 100 --bind 127.0.0.1:8000 flask_events:app
or with gevent, 1000 streams per worker process:
    gunicorn --worker-class gevent --bind 127.0.0.1:8000 flask_events:app
then:
    curl -N http://127.0.0.1:8000/events
Not with gunicorn's default sync worker: each stream takes a whole worker
process, and the worker is killed after --timeout (30 s).
"""
import json
import logging
import os
import time
from datetime import datetime, timezone

from flask import Flask, Response, request, stream_with_context

# Seconds between two ticks, and between two heartbeat comments.
TICK_SECONDS = float(os.environ.get("TICK_SECONDS", "1"))
HEARTBEAT_SECONDS = float(os.environ.get("HEARTBEAT_SECONDS", "15"))

logging.basicConfig(level=logging.INFO, format="%(message)s")
log = logging.getLogger("events")
app = Flask(__name__)


def sse(event_id, event_type, data):
    # json.dumps escapes line breaks, so the data is always one `data:` line.
    return f"id: {event_id}\nevent: {event_type}\ndata: {json.dumps(data)}\n\n"


@app.get("/events")
def events():
    # A reconnecting EventSource sends the id of the last event it got.
    last_id = request.headers.get("Last-Event-ID", "0")
    if not last_id.isdigit() or len(last_id) > 9:
        return Response("Last-Event-ID must be a number\n", 400, mimetype="text/plain")
    count = request.args.get("n", default=0, type=int)  # ?n=5: five ticks, then `done`

    # stream_with_context keeps the request context alive while the generator
    # runs, after events() has returned: `request` works inside it.
    @stream_with_context
    def stream():
        i = int(last_id)
        next_tick = time.monotonic() + TICK_SECONDS
        next_heartbeat = time.monotonic() + HEARTBEAT_SECONDS
        try:
            # gunicorn and Werkzeug send the headers with the first piece of
            # the body: a comment now lets EventSource open at once.
            yield ": stream open\n\n"
            while True:
                time.sleep(max(0, min(next_tick, next_heartbeat) - time.monotonic()))
                now = time.monotonic()
                if now >= next_heartbeat:
                    # A comment: EventSource ignores it, proxies see traffic.
                    yield ": heartbeat\n\n"
                    next_heartbeat = now + HEARTBEAT_SECONDS
                if now >= next_tick:
                    i += 1
                    time_sent = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
                    yield sse(i, "tick", {"i": i, "time": time_sent})
                    next_tick += TICK_SECONDS
                    if count and i - int(last_id) >= count:
                        yield "event: done\ndata: {}\n\n"
                        return
        except GeneratorExit:
            # The server closes the generator when a write to the client
            # failed: the client is gone. Release what the stream holds here.
            log.info("client %s left after event %d", request.remote_addr, i)
            raise

    return Response(
        stream(),
        mimetype="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
