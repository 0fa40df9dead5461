<?php
// Broken: the stream just ends after three ticks. The browser takes that for
// a dropped connection and reconnects, and the ticks start again, forever.
header('Content-Type: text/event-stream');
header('Cache-Control: no-cache');

for ($i = 1; $i <= 3; $i++) {
    echo "data: tick $i\n\n";
    flush();
    sleep(1);
}
