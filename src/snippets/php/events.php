<?php
// A complete Server-Sent Events endpoint for PHP-FPM: a numbered tick every
// second, resumable with Last-Event-ID, ending with a `done` event.
// Format: https://html.spec.whatwg.org/multipage/server-sent-events.html

// Read what you need from the session, then release its lock: an open
// stream that keeps it blocks every other request of this user.
session_start();
$user = $_SESSION['user'] ?? 'guest';
session_write_close();

const TICKS = 5;
// Both can be overridden with env[...] in the FPM pool, e.g. for tests.
$interval = (float) (getenv('SSE_INTERVAL') ?: 1);   // seconds between ticks
$heartbeat = (float) (getenv('SSE_HEARTBEAT') ?: 15); // seconds of silence before a comment

// The browser sends the last id it saw when it reconnects.
$lastId = $_SERVER['HTTP_LAST_EVENT_ID'] ?? '';
$next = ctype_digit($lastId) ? (int) $lastId + 1 : 1;

if ($next > TICKS + 1) {
    // Everything was sent, `done` included: 204 stops the browser reconnecting.
    http_response_code(204);
    exit;
}

header('Content-Type: text/event-stream; charset=utf-8');
header('Cache-Control: no-cache, no-transform');
header('X-Accel-Buffering: no');

set_time_limit(0);       // a stream outlives max_execution_time
ignore_user_abort(true); // keep running after a write fails, so the loop can clean up

// The pool should already set output_buffering = 0; if a buffer is open
// anyway, send it on and close it, because flush() does not empty it.
while (ob_get_level() > 0 && ob_end_flush()) {
}

function send(string $event, int $id, array $data): void
{
    $data['time'] = (new DateTimeImmutable())->format(DATE_RFC3339_EXTENDED);
    echo "event: $event\nid: $id\ndata: " . json_encode($data) . "\n\n";
    flush(); // hands the bytes to PHP-FPM, which passes them to the web server
}

$lastWrite = microtime(true);
$nextTickAt = microtime(true);
while (!connection_aborted()) {
    $now = microtime(true);
    if ($next > TICKS && $now >= $nextTickAt) {
        // The client answers `done` with close(); without it, the browser
        // would reconnect after the response ends.
        send('done', $next, []);
        break;
    }
    if ($now >= $nextTickAt) {
        send('tick', $next, ['tick' => $next, 'user' => $user]);
        $next++;
        $lastWrite = $now;
        $nextTickAt = $now + $interval;
    } elseif ($now - $lastWrite >= $heartbeat) {
        // A comment: EventSource ignores it, proxies see traffic, and the
        // next write tells connection_aborted() whether the reader left.
        echo ": heartbeat\n\n";
        flush();
        $lastWrite = $now;
    }
    usleep(50_000);
}
