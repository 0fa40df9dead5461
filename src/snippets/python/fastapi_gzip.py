"""GZipMiddleware for the pages and the JSON, but not for the event stream.

Starlette 0.26 (Debian 12) compresses text/event-stream like everything
else, and its gzip compressor holds the events. This wrapper hands every
request that asks for an event stream (EventSource always sends
`Accept: text/event-stream`) to the app directly.

Run it next to fastapi_events.py:
    uvicorn --host 127.0.0.1 --port 8000 fastapi_gzip:app
"""
from fastapi import FastAPI
from starlette.datastructures import Headers
from starlette.middleware.gzip import GZipMiddleware

from fastapi_events import router


class GZipExceptEventStreams:
    def __init__(self, app, **gzip_options):
        self.app = app
        self.gzip = GZipMiddleware(app, **gzip_options)

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and "text/event-stream" in Headers(scope=scope).get("accept", ""):
            await self.app(scope, receive, send)
        else:
            await self.gzip(scope, receive, send)


app = FastAPI()
app.add_middleware(GZipExceptEventStreams, minimum_size=500)
app.include_router(router)
