<?php
// Broken: output_buffering cannot be changed at run time, so this ini_set()
// returns false and the 4096-byte buffer of php.ini still holds the events.
ini_set('output_buffering', '0');

header('Content-Type: text/event-stream');
header('Cache-Control: no-cache');

for ($i = 1; $i <= 5; $i++) {
    $time = (new DateTimeImmutable())->format(DATE_RFC3339_EXTENDED);
    echo "id: $i\ndata: {\"tick\":$i,\"time\":\"$time\"}\n\n";
    flush();
    if ($i < 5) {
        sleep(1);
    }
}
