/**
 * The i18n keys every demo island shares (content/i18n/*.json, prefix `demo.`).
 * A demo's `.astro` wrapper picks these plus its own `demo.<name>.` keys.
 */
export const demoStringKeys = [
  'demo.state',
  'demo.state.idle',
  'demo.events',
  'demo.events.empty',
  'demo.wire',
  'demo.wire.empty',
  'demo.wire.note',
  'demo.unreachable',
  'demo.refused',
  'demo.unexpected',
  'demo.reason.400',
  'demo.reason.406',
  'demo.reason.429',
  'demo.reason.503',
  'demo.reason.other',
  'demo.reason.retry-after',
  'demo.note.open',
  'demo.note.reconnecting',
  'demo.note.closed-by-server',
  'demo.note.stopped',
] as const;

export type DemoStringKey = (typeof demoStringKeys)[number];
