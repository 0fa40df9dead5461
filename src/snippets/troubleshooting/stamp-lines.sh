#!/bin/sh
# Prints every line of an event stream with the time it arrived here.
# Usage: sh stamp-lines.sh https://sse.example.com/events [more curl options]
# Events one second apart should show times one second apart; the same
# time on every line means something on the way held them back.
url=$1
shift
curl -sN "$@" "$url" | while IFS= read -r line; do
  printf '%s  %s\n' "$(date +%H:%M:%S.%3N)" "$line"
done
