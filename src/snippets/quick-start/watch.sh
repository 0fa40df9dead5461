curl -N -i 'http://localhost:3000/events'
