import { demoStringKeys } from './demo-strings.ts';

/** The i18n keys the clock demo uses (content/i18n/*.json): the shared ones and its own. */
export const clockStringKeys = [
  ...demoStringKeys,
  'clock.caption',
  'clock.explainer',
  'clock.ticks',
  'clock.start',
  'clock.stop',
  'clock.finished',
] as const;

export type ClockStringKey = (typeof clockStringKeys)[number];
