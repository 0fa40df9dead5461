<?php
// The measuring script behind the handbook's buffering table: five events,
// one per second, flush() after each, and nothing else. Whether they reach
// the reader one by one or all at once depends only on the configuration.
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
