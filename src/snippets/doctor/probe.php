<?php
// probe.php: a probe for the stream doctor (npm run doctor -- URL). Put it
// next to your app's real stream script, so it runs through the same PHP-FPM
// pool, web server, proxies and compression, and point the doctor at it:
// every event carries its send time, so the doctor measures each delay
// exactly and can name a buffer's size.

const INTERVAL = 0.25;           // one event every 250 ms, on a fixed schedule
const COUNT = 40;                // 10 s in all
const SIZES = [300, 700, 1100];  // bytes per event, in turn: batches then show a buffer's size

// CORS, so the doctor's page can check the probe from a browser: any origin
// may read it (it carries nothing but timings), and the reconnect may send
// Last-Event-ID (a header that needs the preflight's consent).
header('Access-Control-Allow-Origin: *');
header('Access-Control-Allow-Headers: Last-Event-ID');
header('Access-Control-Expose-Headers: Content-Encoding, X-Accel-Buffering, X-Probe-PHP-Output-Buffer');
if ($_SERVER['REQUEST_METHOD'] === 'OPTIONS') {
    http_response_code(204);
    exit;
}

// A reconnect continues after the last event the client saw; after the last one, 204 stops EventSource.
$lastId = $_SERVER['HTTP_LAST_EVENT_ID'] ?? '';
$first = ctype_digit($lastId) ? (int) $lastId + 1 : 1;
if ($first > COUNT) {
    http_response_code(204);
    exit;
}

header('Content-Type: text/event-stream; charset=utf-8');
header('Cache-Control: no-cache, no-transform');
// No "X-Accel-Buffering: no" here: it would switch off the very nginx buffer
// the probe is there to find (your real stream should send it).
set_time_limit(0);

// Tell the doctor whether PHP opened an output buffer for this script
// (output_buffering in php.ini or the pool) and how large: a stream script
// that only calls flush() is held back by it. "unlimited" holds everything.
$phpBuffer = ob_get_status();
header('X-Probe-PHP-Output-Buffer: ' . ($phpBuffer === [] ? 'none' : ($phpBuffer['chunk_size'] ?: 'unlimited')));

// Then flush exactly as a stream should: no output buffer of PHP's own in
// the way. Whatever still holds the events back sits between PHP and the browser.
while (ob_get_level() > 0 && ob_end_flush()) {
}

function probe_event(int $seq, int $sentAt): string
{
    $head = "event: probe\nid: $seq\ndata: " . json_encode(['seq' => $seq, 'sentAt' => $sentAt]) . "\n:";
    $size = SIZES[($seq - 1) % count(SIZES)];
    return $head . str_repeat('x', max(0, $size - strlen($head) - 2)) . "\n\n";
}

echo "retry: 1000\n\n";
flush();
$start = microtime(true);
for ($seq = $first; $seq <= COUNT && !connection_aborted(); $seq++) {
    // Aim at the schedule, not "250 ms after the last write", so delays do not add up.
    $wait = $start + ($seq - $first) * INTERVAL - microtime(true);
    if ($wait > 0) {
        usleep((int) ($wait * 1_000_000));
    }
    echo probe_event($seq, (int) round(microtime(true) * 1000));
    flush();
}
