import type { CheckId, FindingId, Layer, Verdict } from '../../lib/doctor/types.ts';

/** The page's own UI text (content/i18n/*.json): the form, the chart, the report's frame. */
export const doctorPageStringKeys = [
  'doctor.page.caption',
  'doctor.page.url',
  'doctor.page.url.hint',
  'doctor.page.url.invalid',
  'doctor.page.duration',
  'doctor.page.duration.option',
  'doctor.page.run',
  'doctor.page.stop',
  'doctor.page.labs',
  'doctor.page.lab.direct',
  'doctor.page.lab.proxy-buffer',
  'doctor.page.lab.gzip',
  'doctor.page.progress.first',
  'doctor.page.progress.resume',
  'doctor.page.announce.running',
  'doctor.page.announce.done',
  'doctor.page.no-response',
  'doctor.page.no-response.cli',
  'doctor.page.no-headers',
  'doctor.page.stopped',
  'doctor.page.hidden-headers',
  'doctor.page.chart.label',
  'doctor.page.chart.empty',
  'doctor.page.axis.time',
  'doctor.page.axis.events',
  'doctor.page.legend.arrived',
  'doctor.page.legend.sent',
  'doctor.page.legend.comment',
  'doctor.page.table.show',
  'doctor.page.table.caption',
  'doctor.page.table.event',
  'doctor.page.table.type',
  'doctor.page.table.bytes',
  'doctor.page.table.sent',
  'doctor.page.table.arrived',
  'doctor.page.report',
  'doctor.page.report.summary',
  'doctor.page.verdict.pass',
  'doctor.page.verdict.problem',
  'doctor.page.verdict.advice',
  'doctor.page.verdict.unknown',
  'doctor.page.layer',
  'doctor.page.fix',
] as const;

export type DoctorPageStringKey = (typeof doctorPageStringKeys)[number];

/**
 * Every check and finding id, at run time (the engine's types name them; this
 * object must list each one, or the type check fails), so the page can pick
 * their texts on the server.
 */
const checkIdSet: Record<CheckId, true> = {
  status: true,
  'content-type': true,
  'cache-control': true,
  'x-accel-buffering': true,
  'connection-header': true,
  'http-version': true,
  'time-to-headers': true,
  'time-to-first-byte': true,
  compression: true,
  buffering: true,
  'idle-cut': true,
  heartbeat: true,
  retry: true,
  ids: true,
  resume: true,
  reconnect: true,
  format: true,
};
const findingIdSet: Record<FindingId, true> = {
  'status-redirect': true,
  'status-no-content': true,
  'status-error': true,
  'content-type-wrong': true,
  'cache-control-missing': true,
  'x-accel-buffering-missing': true,
  'connection-header-on-http2': true,
  'http1-over-tls': true,
  'headers-slow': true,
  'headers-held': true,
  compressed: true,
  'compressed-without-header': true,
  'buffered-batches': true,
  'buffer-size': true,
  'all-at-end': true,
  'idle-cut': true,
  'idle-cut-despite-heartbeat': true,
  'no-heartbeat': true,
  'no-retry': true,
  'no-ids': true,
  'resume-ignored': true,
  'resume-failed': true,
  'reconnect-restarts': true,
  'reconnect-error': true,
  'format-bom': true,
  'format-line-ends': true,
  'format-unterminated': true,
  'format-ignored-fields': true,
  'empty-stream': true,
};
const layerSet: Record<Layer, true> = { php: true, apache: true, nginx: true, proxy: true, compression: true, server: true, network: true, client: true };

export const checkIds = Object.keys(checkIdSet) as CheckId[];
export const findingIds = Object.keys(findingIdSet) as FindingId[];
export const layers = Object.keys(layerSet) as Layer[];
export const verdicts: readonly Verdict[] = ['pass', 'problem', 'advice', 'unknown'];

/** The texts the engine's ids map to: `doctor.check.<id>`, `doctor.finding.<id>`, `doctor.layer.<layer>`. */
export interface EngineTexts {
  readonly checks: Readonly<Partial<Record<CheckId, string>>>;
  readonly findings: Readonly<Partial<Record<FindingId, string>>>;
  readonly layers: Readonly<Partial<Record<Layer, string>>>;
}

/**
 * Picks the engine's texts on the server. A key the i18n files do not have
 * yet is left out, so the page shows the id (and its evidence as numbers)
 * instead of the key's name.
 */
export function pickEngineTexts(t: (key: string) => string): EngineTexts {
  const pick = <Id extends string>(prefix: string, ids: readonly Id[]): Partial<Record<Id, string>> =>
    Object.fromEntries(ids.map((id) => [id, t(`${prefix}.${id}`)]).filter(([id, text]) => text !== `${prefix}.${id}` && text !== '')) as Partial<
      Record<Id, string>
    >;
  return { checks: pick('doctor.check', checkIds), findings: pick('doctor.finding', findingIds), layers: pick('doctor.layer', layers) };
}
