curl -N -H 'Last-Event-ID: 5' 'http://localhost:3000/events'
