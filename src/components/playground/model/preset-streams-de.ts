/**
 * The presets' streams as the German playground and the German protocol
 * pages show them: the same fields, line ends and bytes where they matter,
 * with the data a reader reads in German („retry wurde ignoriert“). Presets
 * whose data is code, JSON, single letters or about exact byte positions
 * are not here and show the same stream in both languages. A unit test keeps
 * each German stream parsing exactly like its English one (the same trace
 * actions, event types, IDs and reconnection time).
 */
import type { PresetId } from './presets.ts';

export const germanPresetStreams: Partial<Record<PresetId, string>> = {
  overview: ': ein Kommentar, wird ignoriert\nevent: greeting\nid: 1\ndata: Hallo\ndata: Welt\n\ndata: ein message-Event\n\n',
  'minimal-event': 'data: Hallo, Welt!\n\n',
  'multi-line-data': 'data: erste Zeile\ndata: zweite Zeile\ndata: dritte Zeile\n\n',
  'event-type-reset': 'event: update\ndata: erstes\n\ndata: zweites\n\n',
  'comment-heartbeat': ': verbunden\n\ndata: erstes\n\n: heartbeat\n\n: heartbeat\n\ndata: zweites\n\n',
  'space-after-colon': 'data:kein Leerzeichen\n\ndata: ein Leerzeichen\n\ndata:  zwei Leerzeichen\n\n',
  'last-event-id': 'id: 1\ndata: erstes\n\ndata: immer noch id 1\n\nid: 2\ndata: drittes\n\n',
  'empty-id-resets': 'id: 41\ndata: erstes\n\nid\ndata: keine id mehr\n\n',
  'id-with-null': 'id: 1\ndata: erstes\n\nid: 2\u00003\ndata: id bleibt 1\n\n',
  'id-without-data': 'id: 7\n\ndata: trägt id 7\n\n',
  'retry-valid': 'retry: 10000\ndata: Reconnect nach 10 s\n\n',
  'retry-with-unit': 'retry: 5s\ndata: retry wurde ignoriert\n\n',
  'unknown-field': 'foo: bar\ndata: hallo\n\n',
  'field-names-case-sensitive': 'Data: Großbuchstaben\nEvent: X\nID: 5\n\ndata: klein geschrieben klappt es\n\n',
  'bom-at-start': '\uFEFFdata: erstes\n\n',
  'second-bom-kept': '\uFEFF\uFEFFdata: verloren\n\ndata: bleibt\n\n',
  'last-block-discarded': 'data: ausgelöst\n\ndata: nie ausgelöst\n',
  'empty-event-type': 'event:\ndata: Typ message\n\nevent: update\ndata: Typ update\n\nevent\ndata: wieder Typ message\n\n',
  'empty-retry': 'retry: 10000\ndata: erstes\n\nretry:\ndata: Reconnection-Zeit weiter 10000 ms\n\n',
  'space-before-colon': 'data : Leerzeichen vor dem Doppelpunkt\n\n data: Leerzeichen vor dem Namen\n\ndata: nur dieses zählt\n\n',
  'last-line-without-line-end': 'data: erstes\n\ndata: zweites\n\ndata: drittes, ohne Zeilenende',
  'first-colon-splits': 'data::x\n\ndata: https://example.com:8443/feed\n\nevent: a:b\ndata: Typ a:b\n\n',
  'event-name-trailing-space': 'event: update \ndata: addEventListener("update") verpasst das\n\n',
};
