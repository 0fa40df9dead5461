import { describe, expect, it } from 'vitest';
import { parseEventStream } from '../../../../../src/lib/sse/parser.ts';
import { germanPresetStreams } from '../../../../../src/components/playground/model/preset-streams-de.ts';
import { presetById, presets, presetStream } from '../../../../../src/components/playground/model/presets.ts';

/** What a stream does, apart from the words of its data: what the playground explains about it. */
function shape(stream: string) {
  const { events, trace, reconnectionTime } = parseEventStream(stream, { trace: true });
  return {
    actions: trace.map((row) => [row.action, row.field, row.lineEnd]),
    events: events.map((event) => [event.type, event.lastEventId, event.data.split('\n').length]),
    reconnectionTime,
  };
}

describe('the German pages’ preset streams', () => {
  it('exist only for presets that exist, and differ from the English ones', () => {
    for (const [id, stream] of Object.entries(germanPresetStreams)) {
      const preset = presetById(id);
      expect(preset, id).toBeDefined();
      expect(stream, id).not.toBe(preset!.stream);
      expect(presetStream(preset!, 'de')).toBe(stream);
      expect(presetStream(preset!, 'en')).toBe(preset!.stream);
    }
  });

  it('parse exactly like the English ones: the same trace actions, events, IDs and reconnection time', () => {
    for (const [id, stream] of Object.entries(germanPresetStreams)) expect(shape(stream!), id).toEqual(shape(presetById(id)!.stream));
  });

  it('leave no English data words in the presets a German reader reads', () => {
    const english = /\b(first|second|third|still|ignored|never|lower|upper|reconnect after|carries|stays|only this|type message)\b/;
    for (const preset of presets) expect(presetStream(preset, 'de'), preset.id).not.toMatch(english);
  });
});
