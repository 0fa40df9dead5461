<?php
// Notifications: look for new ones every two seconds and send each batch as
// several events with one flush(), so they leave as one write.
// Format: https://html.spec.whatwg.org/multipage/server-sent-events.html

/**
 * Notifications with an id above $afterId, oldest first, each an array with
 * at least an integer 'id'. This one reads a JSON-lines file; put your
 * database or queue query here.
 */
function newNotifications(int $afterId): array
{
    $file = getenv('NOTIFICATIONS_FILE') ?: __DIR__ . '/notifications.jsonl';
    $lines = is_readable($file) ? file($file, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) : [];
    $new = [];
    foreach ($lines as $line) {
        $notification = json_decode($line, true);
        if (is_int($notification['id'] ?? null) && $notification['id'] > $afterId) {
            $new[] = $notification;
        }
    }
    return $new;
}

$poll = (float) (getenv('SSE_POLL') ?: 2);            // seconds between two looks
$heartbeat = (float) (getenv('SSE_HEARTBEAT') ?: 15); // seconds of silence before a comment

// After a reconnect, continue after the last notification the browser got.
$lastId = $_SERVER['HTTP_LAST_EVENT_ID'] ?? '';
$afterId = ctype_digit($lastId) ? (int) $lastId : 0;

header('Content-Type: text/event-stream; charset=utf-8');
header('Cache-Control: no-cache, no-transform');
header('X-Accel-Buffering: no');

set_time_limit(0);
ignore_user_abort(true);
while (ob_get_level() > 0 && ob_end_flush()) {
}
// The headers leave with the first output, and the first notification may be
// minutes away: a comment sends them now, so the browser's `open` fires.
echo ": connected\n\n";
flush();

$lastWrite = microtime(true);
while (!connection_aborted()) {
    $batch = newNotifications($afterId);
    foreach ($batch as $notification) {
        echo "event: notification\nid: {$notification['id']}\ndata: " . json_encode($notification) . "\n\n";
        $afterId = $notification['id'];
    }
    if ($batch !== []) {
        flush(); // one flush() for the whole batch: the events leave together
        $lastWrite = microtime(true);
    } elseif (microtime(true) - $lastWrite >= $heartbeat) {
        echo ": heartbeat\n\n";
        flush(); // also how connection_aborted() learns that the reader left
        $lastWrite = microtime(true);
    }
    usleep((int) ($poll * 1_000_000));
}
