curl -N http://localhost:3000/events
