<?php
// Progress of a long job: a live stream for a client that asks for one with
// `Accept: text/event-stream`, one JSON answer otherwise. Browsers may send
// that header with EventSource (Chrome and Firefox do); it is a convention,
// not a guarantee, so every other client still gets a useful answer.
$steps = 5;
$secondsPerStep = (float) (getenv('PROGRESS_STEP_SECONDS') ?: 1);

$accept = $_SERVER['HTTP_ACCEPT'] ?? '';
if (!str_contains($accept, 'text/event-stream')) {
    header('Content-Type: application/json');
    echo json_encode(['steps' => $steps, 'stream' => 'send Accept: text/event-stream to follow the job']);
    exit;
}

header('Content-Type: text/event-stream; charset=utf-8');
header('Cache-Control: no-cache, no-transform');
while (ob_get_level() > 0 && ob_end_flush()) {
}

for ($done = 1; $done <= $steps; $done++) {
    usleep((int) ($secondsPerStep * 1_000_000)); // the job's real work goes here
    $progress = [
        'done' => $done,
        'total' => $steps,
        'percent' => intdiv(100 * $done, $steps),
        'time' => (new DateTimeImmutable())->format(DATE_RFC3339_EXTENDED),
    ];
    echo "event: progress\nid: $done\ndata: " . json_encode($progress) . "\n\n";
    flush(); // one flush(), one chunk on the wire
    if (connection_aborted()) {
        exit;
    }
}

// The client answers `complete` with close(): without it, EventSource would
// reconnect when the response ends, and the job would start over.
echo "event: complete\ndata: {\"status\":\"done\"}\n\n";
