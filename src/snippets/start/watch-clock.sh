curl -N 'http://localhost:4321/api/sse/clock?n=4'
