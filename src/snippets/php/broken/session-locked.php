<?php
// Broken: the session stays open while the script streams, so every other
// request of this user waits for the session lock until the stream ends.
session_start();
$user = $_SESSION['user'] ?? 'guest';

header('Content-Type: text/event-stream');
header('Cache-Control: no-cache');

for ($i = 1; $i <= 5; $i++) {
    $time = (new DateTimeImmutable())->format(DATE_RFC3339_EXTENDED);
    echo "id: $i\ndata: {\"tick\":$i,\"time\":\"$time\"}\n\n";
    flush();
    sleep(1);
}
