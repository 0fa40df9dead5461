curl -N http://127.0.0.1:3001/events
