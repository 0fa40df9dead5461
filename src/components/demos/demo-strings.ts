/**
 * The i18n keys of the live demos (content/i18n/*.json), all in one place:
 * the shared `demo.*` keys the frame and the stream core word themselves
 * with, and each demo's own `demo.<name>.*` keys, where `<name>` is the
 * figure's `data-demo` (DemoFrame finds the caption and explainer there).
 * A demo's `.astro` wrapper picks them with `pickDemoStrings`.
 */
import { pickStrings, type UiStrings } from '../ui-strings.ts';

const sharedKeys = [
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

/** Each demo's own keys, by its name; each list starts with the caption and the explainer the frame shows. */
export const ownKeys = {
  clock: ['demo.clock.caption', 'demo.clock.explainer', 'demo.clock.ticks', 'demo.clock.start', 'demo.clock.stop', 'demo.clock.finished'],
  'connection-limit': [
    'demo.connection-limit.caption',
    'demo.connection-limit.explainer',
    'demo.connection-limit.open',
    'demo.connection-limit.close-all',
    'demo.connection-limit.close',
    'demo.connection-limit.stream',
    'demo.connection-limit.waiting',
    'demo.connection-limit.opened-after',
    'demo.connection-limit.note.opened',
    'demo.connection-limit.note.closed',
    'demo.connection-limit.summary',
    'demo.connection-limit.http2',
    'demo.connection-limit.warning',
  ],
  counter: [
    'demo.counter.caption',
    'demo.counter.explainer',
    'demo.counter.start',
    'demo.counter.stop',
    'demo.counter.drop',
    'demo.counter.resume-id',
    'demo.counter.resume',
    'demo.counter.dropping',
    'demo.counter.drop-failed',
    'demo.counter.tag.replayed',
    'demo.counter.tag.reset',
    'demo.counter.tag.gap',
    'demo.counter.tag.connection',
    'demo.counter.reset-note',
    'demo.counter.reason.400',
  ],
  /** The counter behind the duration-cap lab: the counter's island, its own caption and explainer. */
  'duration-cap': ['demo.duration-cap.caption', 'demo.duration-cap.explainer'],
  lab: [
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
  ],
  'named-events': [
    'demo.named-events.caption',
    'demo.named-events.explainer',
    'demo.named-events.start',
    'demo.named-events.stop',
    'demo.named-events.code',
    'demo.named-events.count',
  ],
  progress: [
    'demo.progress.caption',
    'demo.progress.explainer',
    'demo.progress.start',
    'demo.progress.cancel',
    'demo.progress.label',
    'demo.progress.percent',
    'demo.progress.complete',
  ],
  retry: [
    'demo.retry.caption',
    'demo.retry.explainer',
    'demo.retry.retry',
    'demo.retry.start',
    'demo.retry.close',
    'demo.retry.stop-for-good',
    'demo.retry.stopping',
    'demo.retry.stop-failed',
    'demo.retry.measured',
    'demo.retry.delays',
    'demo.retry.delays.none',
  ],
  room: [
    'demo.room.caption',
    'demo.room.explainer',
    'demo.room.join',
    'demo.room.leave',
    'demo.room.name',
    'demo.room.name.default',
    'demo.room.text',
    'demo.room.send',
    'demo.room.sending',
    'demo.room.secondTab',
    'demo.room.secondTab.link',
    'demo.room.tag.history',
    'demo.room.tag.replayed',
    'demo.room.tag.live',
    'demo.room.note.live',
    'demo.room.note.reset',
    'demo.room.note.repeats',
    'demo.room.error.name.empty',
    'demo.room.error.name.tooLong',
    'demo.room.error.name.invalidCharacter',
    'demo.room.error.text.empty',
    'demo.room.error.text.tooLong',
    'demo.room.error.text.invalidCharacter',
    'demo.room.error.rateLimited',
    'demo.room.error.busy',
    'demo.room.error.refused',
    'demo.room.error.unreachable',
    'demo.room.sent',
  ],
} as const satisfies { readonly [name: string]: readonly [`demo.${string}.caption`, `demo.${string}.explainer`, ...string[]] };

/** A demo's name: its figure's `data-demo` and the prefix of its own keys. */
export type DemoName = keyof typeof ownKeys;

/** The keys every demo shares (the frame's labels, the stream core's notes). */
export type SharedDemoStringKey = (typeof sharedKeys)[number];

/** The keys a demo uses: the shared ones and its own. */
export type DemoStringKey<N extends DemoName> = SharedDemoStringKey | (typeof ownKeys)[N][number];

/** The strings of the named demos in the page's language, for an island's `strings` prop. */
export function pickDemoStrings<N extends DemoName>(t: (key: string) => string, ...names: N[]): UiStrings<DemoStringKey<N>> {
  const keys: DemoStringKey<N>[] = [...sharedKeys, ...names.flatMap((name): readonly DemoStringKey<N>[] => ownKeys[name])];
  return pickStrings(t, keys);
}
