curl -N http://localhost/events
