#!/bin/sh
# Over HTTP/2, from any machine: one
# event a second, each as it is sent
# (-N: curl does not buffer).
curl -N --http2 https://sse.example.com/events
