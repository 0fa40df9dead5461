/**
 * The named-events demo's client code (src/snippets/demos/named-events.js),
 * the file its page shows: which listener each event type reaches. An
 * EventTarget stands in for the EventSource, with `onmessage` as the event
 * handler attribute it is on a real one (a listener for type "message").
 */
import { describe, expect, it } from 'vitest';
import { listen } from '../../../../src/snippets/demos/named-events.js';

class StandInSource extends EventTarget {
  set onmessage(handler: (event: MessageEvent) => void) {
    this.addEventListener('message', handler as EventListener);
  }
}

function dispatchAll(types: string[]): string[] {
  const source = new StandInSource();
  const shown: string[] = [];
  listen(source, (listener: string, event: MessageEvent) => shown.push(`${listener}:${event.data}`));
  types.forEach((type, i) => source.dispatchEvent(new MessageEvent(type, { data: String(i) })));
  return shown;
}

describe('named-events.js', () => {
  it('sends each named event to its own listener and unnamed ones to onmessage', () => {
    expect(dispatchAll(['notification', 'update', 'message'])).toEqual(['notification:0', 'update:1', 'onmessage:2']);
  });

  it('leaves an event type it has no listener for unhandled', () => {
    expect(dispatchAll(['progress', 'message'])).toEqual(['onmessage:1']);
  });
});
