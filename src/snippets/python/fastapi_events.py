"""Server-Sent Events from FastAPI (Starlette) on uvicorn: a tick a second,
each with an id, a heartbeat comment, a resume after Last-Event-ID, and
cleanup when the client leaves.

Run it (Debian 12: apt install python3-fastapi uvicorn):
    uvicorn --host 127.0.0.1 --port 8000 fastapi_events:app
    curl -N http://127.0.0.1:8000/events
"""
import asyncio
import json
import logging
import os
from datetime import datetime, timezone

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import PlainTextResponse, StreamingResponse

# Seconds between two ticks, and between two heartbeat comments.
TICK_SECONDS = float(os.environ.get("TICK_SECONDS", "1"))
HEARTBEAT_SECONDS = float(os.environ.get("HEARTBEAT_SECONDS", "15"))

# uvicorn's own logger: it already prints INFO lines to the terminal.
log = logging.getLogger("uvicorn.error")
router = APIRouter()


def sse(event_id, event_type, data):
    # json.dumps escapes line breaks, so the data is always one `data:` line.
    return f"id: {event_id}\nevent: {event_type}\ndata: {json.dumps(data)}\n\n"


@router.get("/events")
async def events(request: Request, n: int = 0):
    # A reconnecting EventSource sends the id of the last event it got.
    last_id = request.headers.get("Last-Event-ID", "0")
    if not last_id.isdigit() or len(last_id) > 9:
        return PlainTextResponse("Last-Event-ID must be a number\n", 400)

    async def stream():
        i = int(last_id)
        clock = asyncio.get_running_loop().time
        next_tick = clock() + TICK_SECONDS
        next_heartbeat = clock() + HEARTBEAT_SECONDS
        try:
            while True:
                await asyncio.sleep(max(0, min(next_tick, next_heartbeat) - clock()))
                # Starlette 0.42 and later no longer cancel this generator when
                # the client leaves (see the page): ask before each write.
                if await request.is_disconnected():
                    log.info("client %s left after event %d", request.client.host, i)
                    return
                now = clock()
                if now >= next_heartbeat:
                    # A comment: EventSource ignores it, proxies see traffic.
                    yield ": heartbeat\n\n"
                    next_heartbeat = now + HEARTBEAT_SECONDS
                if now >= next_tick:
                    i += 1
                    time_sent = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
                    yield sse(i, "tick", {"i": i, "time": time_sent})
                    next_tick += TICK_SECONDS
                    if n and i - int(last_id) >= n:
                        yield "event: done\ndata: {}\n\n"
                        return
        except asyncio.CancelledError:
            # Starlette 0.26 cancels the response the moment uvicorn reports
            # the disconnect: the generator gets CancelledError where it waits.
            log.info("client %s left after event %d (cancelled)", request.client.host, i)
            raise

    return StreamingResponse(
        stream(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


app = FastAPI()
app.include_router(router)
