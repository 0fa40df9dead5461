curl -N -H 'Last-Event-ID: 41' 'http://localhost:3000/events'
