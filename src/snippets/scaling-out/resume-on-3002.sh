curl -N -H "Last-Event-ID: $LAST_ID" http://127.0.0.1:3002/events
