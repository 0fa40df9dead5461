/**
 * Parses the playground's stream off the main thread: a 1 MiB paste takes
 * far longer to trace than one frame, and the page must stay responsive
 * while it does. Answers every request with a bounded, display-ready
 * analysis (see ../model/analysis.ts) or, for the export, the JSON of all events.
 */
import { analyzeStream, eventsJson } from '../model/analysis.ts';
import type { ParseRequest, ParseResponse } from './parse-protocol.ts';

// The worker's global scope has the same postMessage/addEventListener shape
// as a Worker seen from outside; the project's lib is DOM, not WebWorker.
const scope = self as unknown as Pick<Worker, 'postMessage' | 'addEventListener'>;

scope.addEventListener('message', (message: MessageEvent<ParseRequest>) => {
  const request = message.data;
  let response: ParseResponse;
  try {
    response =
      request.kind === 'analyze'
        ? { id: request.id, kind: 'analyze', analysis: analyzeStream(request.text) }
        : { id: request.id, kind: 'export', json: eventsJson(request.text) };
  } catch (error) {
    response = { id: request.id, kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  scope.postMessage(response);
});
