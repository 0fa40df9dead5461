/** The i18n keys the clock demo uses (content/i18n/*.json). */
export const clockStringKeys = [
  'clock.caption',
  'clock.explainer',
  'clock.ticks',
  'clock.start',
  'clock.stop',
  'clock.state',
  'clock.state.idle',
  'clock.events',
  'clock.events.empty',
  'clock.wire',
  'clock.wire.note',
  'clock.finished',
  'clock.stopped',
  'clock.reconnecting',
  'clock.unreachable',
] as const;

export type ClockStringKey = (typeof clockStringKeys)[number];
