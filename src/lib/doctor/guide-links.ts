/**
 * The guide sections a finding's `fix` points to. A fix is a language-neutral
 * site path with the English page's anchor; headings (and so anchors) differ
 * per language, so each section also names its German anchor, and
 * `localizeFix()` turns a fix into the German link. A unit test checks every
 * anchor against the pages' headings in both languages.
 */
interface GuideSection {
  readonly path: string;
  readonly en: string;
  readonly de: string;
}

const section = (path: string, en: string, de: string): GuideSection => ({ path, en, de });

export const guideSections = {
  statusCodes: section('/protocol/http/', 'status-codes', 'statuscodes'),
  contentType: section('/protocol/http/', 'content-type-textevent-stream-charsetutf-8', 'content-type-textevent-stream-charsetutf-8'),
  cacheControl: section('/protocol/http/', 'cache-control-no-cache-no-transform', 'cache-control-no-cache-no-transform'),
  xAccelBuffering: section('/protocol/http/', 'x-accel-buffering-no', 'x-accel-buffering-no'),
  noConnectionHeader: section('/protocol/http/', 'no-connection-header', 'kein-connection-header'),
  seventhTab: section('/troubleshooting/symptoms/', 'the-seventh-tab-hangs', 'der-siebte-tab-hängt'),
  nothingArrives: section('/troubleshooting/symptoms/', 'nothing-arrives-for-a-long-time-not-even-the-headers', 'lange-kommt-gar-nichts-an-nicht-einmal-die-header'),
  batches: section('/troubleshooting/symptoms/', 'events-arrive-late-all-at-once-or-in-batches', 'events-kommen-verzögert-alle-auf-einmal-oder-in-schüben'),
  binaryGarbage: section('/troubleshooting/symptoms/', 'binary-garbage-and-no-events', 'komprimierter-datensalat-und-keine-events'),
  diesEvery60s: section('/troubleshooting/symptoms/', 'the-stream-dies-every-60-seconds', 'der-stream-stirbt-alle-60-sekunden'),
  startsOver: section('/troubleshooting/symptoms/', 'the-stream-starts-over-and-over-again', 'der-stream-fängt-immer-wieder-von-vorn-an'),
  compression: section('/infrastructure/buffering-and-compression/', 'compression-and-event-streams', 'kompression-und-event-streams'),
  layers: section('/infrastructure/buffering-and-compression/', 'the-layers', 'die-schichten'),
  phpBuffers: section('/servers/php/', 'switch-the-buffers-off-where-php-reads-them', 'puffer-dort-abschalten-wo-php-sie-liest'),
  apacheFlushingWorker: section('/infrastructure/apache-php-fpm/', 'a-flushing-worker-for-the-streams-only', 'ein-flushender-worker-nur-für-die-streams'),
  nginxProxy: section('/infrastructure/nginx/', 'the-plain-reverse-proxy', 'der-nackte-reverse-proxy'),
  nginxPhp: section('/infrastructure/nginx/', 'the-usual-php-location', 'die-übliche-php-location'),
  nginxReadTimeout: section('/infrastructure/nginx/', 'a-read-timeout-shorter-than-the-silence', 'ein-read-timeout-kürzer-als-die-funkstille'),
  reconnectionTime: section('/protocol/reconnection/', 'the-reconnection-time', 'die-reconnection-zeit'),
  lastEventId: section('/protocol/reconnection/', 'last-event-id', 'last-event-id'),
  replayBuffer: section('/protocol/reconnection/', 'a-server-with-a-replay-buffer', 'ein-server-mit-replay-puffer'),
  streamEnds: section('/protocol/reconnection/', 'connection-lost-what-the-browser-does-when-a-stream-ends', 'verbindung-verloren-was-der-browser-bei-einem-verbindungsabbruch-macht'),
  stoppingForGood: section('/protocol/reconnection/', 'stopping-for-good', 'endgültig-aufhören'),
  bom: section('/protocol/event-stream-format/', 'the-byte-order-mark', 'das-bom-byte-order-mark'),
  lineEnds: section('/protocol/event-stream-format/', 'text-becomes-lines-three-line-ends', 'aus-text-werden-zeilen-drei-zeilenenden'),
  fields: section('/protocol/event-stream-format/', 'lines-become-fields', 'aus-zeilen-werden-felder'),
  endOfStream: section('/protocol/event-stream-format/', 'the-end-of-the-stream', 'das-ende-des-streams'),
} as const satisfies Record<string, GuideSection>;

export type GuideSectionName = keyof typeof guideSections;

/** The fix link of a section: `/protocol/http/#status-codes`. */
export function fixLink(name: GuideSectionName): string {
  const { path, en } = guideSections[name];
  return `${path}#${en}`;
}

/** A finding's `fix` as a link for `lang`: English unchanged, German with `/de` and the German anchor. */
export function localizeFix(fix: string, lang: 'en' | 'de'): string {
  if (lang === 'en') return fix;
  const found = Object.values(guideSections).find(({ path, en }) => fix === `${path}#${en}`);
  if (!found) return `/de${fix}`;
  return `/de${found.path}#${found.de}`;
}
