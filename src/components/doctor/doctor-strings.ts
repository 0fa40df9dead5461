import type { Strings } from '../../lib/doctor/wording.ts';

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
  'doctor.page.redirected',
  'doctor.page.size-limit',
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
  'doctor.page.table.truncated',
  'doctor.page.report',
  'doctor.page.report.summary',
  'doctor.page.layer',
  'doctor.page.fix',
] as const;

export type DoctorPageStringKey = (typeof doctorPageStringKeys)[number];

/**
 * The engine's wording (src/lib/doctor/wording.ts reads it, for the CLI and
 * this page alike): `doctor.check.<id>` and its `.detail`,
 * `doctor.finding.<id>`, `doctor.verdict.<verdict>`, the worded evidence
 * values `doctor.value.<name>.<code>`, the layers `doctor.layer.<layer>`, taken from one
 * language's i18n file on the server, as the CLI takes them.
 */
export function pickEngineStrings(all: Readonly<Record<string, string>>): Strings {
  return Object.fromEntries(Object.entries(all).filter(([key]) => /^doctor\.(check|finding|verdict|value|layer)\./.test(key)));
}
