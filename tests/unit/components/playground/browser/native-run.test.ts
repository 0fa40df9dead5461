import { describe, expect, it } from 'vitest';
import { eventTypesToListen } from '../../../../../src/components/playground/browser/native-run.ts';

describe('playground native run', () => {
  it('listens for message, every parsed type and every type an event line names', () => {
    const parsed = [{ type: 'update', data: 'a', lastEventId: '' }];
    // "later" is named but never dispatched by our parser (no data); a browser
    // reading the stream differently might still dispatch it.
    const text = 'event: update\ndata: a\n\nevent:later\r\nevent\revent:  spaced\n\uFEFFevent: bom\nEvent: Upper\n';
    expect(eventTypesToListen(text, parsed).sort()).toEqual([' spaced', 'bom', 'later', 'message', 'update']);
  });

  it('always listens for message', () => {
    expect(eventTypesToListen('', [])).toEqual(['message']);
  });
});
