curl -sN -H 'Accept-Encoding: gzip' https://sse.example.com/events | head -c 16 | od -An -tx1
curl -sN -H 'Accept-Encoding: gzip' -o /dev/null -D - https://sse.example.com/events
