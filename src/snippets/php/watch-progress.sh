curl -N -H 'Accept: text/event-stream' http://127.0.0.1:8000/progress.php
