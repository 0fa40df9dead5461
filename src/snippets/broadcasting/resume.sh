curl -N -H "Last-Event-ID: $LAST_ID" http://localhost:3000/events
