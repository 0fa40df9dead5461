#!/bin/sh
# From any machine: one event per second, each as it is sent (-N: curl does
# not buffer), then `done`, and curl returns.
set -e

curl -N https://sse.example.com/sse/events.php
