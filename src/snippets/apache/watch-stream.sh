#!/bin/sh
# From any machine: one event a second, each as it is sent, then
# `done`, and curl returns. (-N: curl does not buffer.)
set -e

curl -N https://sse.example.com/sse/events.php
