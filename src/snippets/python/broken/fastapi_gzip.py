"""BROKEN: GZipMiddleware in front of everything, the event stream included.

With `Accept-Encoding: gzip` (every browser sends it), Starlette 0.26
compresses the stream and its gzip compressor keeps the events until the
response ends.
"""
from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware

from fastapi_events import router

app = FastAPI()
app.add_middleware(GZipMiddleware, minimum_size=500)
app.include_router(router)
