import { demoStringKeys } from './demo-strings.ts';

/** The i18n keys the failure lab demo uses (content/i18n/*.json): the shared ones and its own. */
export const labStringKeys = [
  ...demoStringKeys,
  'demo.lab.caption',
  'demo.lab.explainer',
  'demo.lab.run',
  'demo.lab.running',
  'demo.lab.mode.direct',
  'demo.lab.mode.proxy-buffer',
  'demo.lab.mode.gzip',
  'demo.lab.view',
  'demo.lab.view.chart',
  'demo.lab.view.table',
  'demo.lab.axis.sent',
  'demo.lab.axis.arrived',
  'demo.lab.ideal',
  'demo.lab.spread',
  'demo.lab.spread.pending',
  'demo.lab.table.caption',
  'demo.lab.table.event',
  'demo.lab.table.sent',
  'demo.lab.table.arrived',
  'demo.lab.table.empty',
  'demo.lab.finished',
  'demo.lab.wire.note',
] as const;

export type LabStringKey = (typeof labStringKeys)[number];
