/** The i18n keys the playground uses (content/i18n/*.json). */
import type { UiStrings } from '../ui-strings.ts';
import { chunkModes } from './chunking.ts';
import { presets, type PresetId } from './presets.ts';
import { traceExplanationKeys } from './trace-explain.ts';
import { views } from './url-state.ts';

const fixedKeys = [
  'playground.loading',
  'playground.presets.label',
  'playground.presets.load',
  'playground.preset.current',
  'playground.preset.edited',
  'playground.copyLink',
  'playground.copyLink.done',
  'playground.copyLink.failed',
  'playground.copyLink.tooLong',
  'playground.link.streamLeftOut',
  'playground.export',
  'playground.export.done',
  'playground.export.failed',
  'playground.summary',
  'playground.summary.events.one',
  'playground.summary.events.other',
  'playground.summary.id',
  'playground.summary.id.empty',
  'playground.summary.retry.ms',
  'playground.summary.retry.none',
  'playground.editor.heading',
  'playground.editor.label',
  'playground.editor.help',
  'playground.insert.group',
  'playground.insert.lf',
  'playground.insert.crlf',
  'playground.insert.cr',
  'playground.clear',
  'playground.views.label',
  'playground.showing',
  'playground.trace.caption',
  'playground.trace.col.line',
  'playground.trace.col.text',
  'playground.trace.col.end',
  'playground.trace.col.field',
  'playground.trace.col.value',
  'playground.trace.col.result',
  'playground.trace.end.none',
  'playground.trace.empty',
  'playground.events.caption',
  'playground.events.col.index',
  'playground.events.col.type',
  'playground.events.col.data',
  'playground.events.col.id',
  'playground.events.empty',
  'playground.builder.heading',
  'playground.builder.help',
  'playground.builder.event',
  'playground.builder.data',
  'playground.builder.id',
  'playground.builder.retry',
  'playground.builder.comment',
  'playground.builder.preview',
  'playground.builder.append',
  'playground.builder.error',
  'playground.builder.retryNotNumber',
  'playground.builder.empty',
  'playground.builder.lineBreaks',
  'playground.run.intro',
  'playground.run.chunking',
  'playground.run.mode',
  'playground.run.size',
  'playground.run.delay',
  'playground.run.plan',
  'playground.run.start',
  'playground.run.stop',
  'playground.run.checking',
  'playground.run.unavailable',
  'playground.run.running',
  'playground.run.finished',
  'playground.run.finished.summary',
  'playground.run.finished.details',
  'playground.run.timeout',
  'playground.run.aborted',
  'playground.run.refused',
  'playground.run.unreachable',
  'playground.run.streamFailed',
  'playground.run.stale',
  'playground.run.same',
  'playground.run.different',
  'playground.run.deviation.bom-line-end',
  'playground.run.unexplained',
  'playground.run.caption',
  'playground.run.col.native',
  'playground.run.col.parsed',
  'playground.run.col.diff',
  'playground.run.noEvent',
  'playground.run.diff.type',
  'playground.run.diff.data',
  'playground.run.diff.lastEventId',
  'playground.run.diff.only-native',
  'playground.run.diff.only-parsed',
  'playground.run.problem.too-large',
  'playground.run.problem.bad-size',
  'playground.run.problem.bad-delay',
  'playground.run.problem.delay-too-long',
  'playground.run.problem.too-slow',
] as const;

type PresetStringKey = `playground.preset.${PresetId}.${'title' | 'note'}`;
type ViewStringKey = `playground.view.${(typeof views)[number]}`;
type ModeStringKey = `playground.run.mode.${(typeof chunkModes)[number]}`;

export type PlaygroundStringKey =
  | (typeof fixedKeys)[number]
  | (typeof traceExplanationKeys)[number]
  | PresetStringKey
  | ViewStringKey
  | ModeStringKey;

export const playgroundStringKeys: readonly PlaygroundStringKey[] = [
  ...fixedKeys,
  ...traceExplanationKeys,
  ...views.map((view): ViewStringKey => `playground.view.${view}`),
  ...chunkModes.map((mode): ModeStringKey => `playground.run.mode.${mode}`),
  ...presets.flatMap(({ id }): PresetStringKey[] => [`playground.preset.${id}.title`, `playground.preset.${id}.note`]),
];

export type PlaygroundStrings = UiStrings<PlaygroundStringKey>;
