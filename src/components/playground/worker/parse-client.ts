/**
 * The island's side of the parse worker: each request gets its own promise,
 * replies are matched by id. Without Worker support, or once the worker
 * failed to load or crashed, it parses in-thread instead (after a macrotask,
 * so the keystroke that asked is not held up by the parse).
 */
import { analyzeStream, eventsJson, type StreamAnalysis } from '../model/analysis.ts';
import type { ParseRequest, ParseResponse } from './parse-protocol.ts';

export interface ParseClient {
  analyze(text: string): Promise<StreamAnalysis>;
  /** JSON of every event of the stream, not only the displayed ones. */
  exportJson(text: string): Promise<string>;
  dispose(): void;
}

function later<T>(work: () => T): Promise<T> {
  return new Promise((resolve, reject) => {
    setTimeout(() => {
      try {
        resolve(work());
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    }, 0);
  });
}

const inThread: ParseClient = {
  analyze: (text) => later(() => analyzeStream(text)),
  exportJson: (text) => later(() => eventsJson(text)),
  dispose() {},
};

export function createParseClient(): ParseClient {
  if (typeof Worker === 'undefined') return inThread;
  let worker: Worker | null;
  try {
    worker = new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return inThread;
  }
  let nextId = 1;
  // null: the worker is gone, the caller parses in-thread.
  const waiting = new Map<number, (response: ParseResponse | null) => void>();

  worker.addEventListener('message', (message: MessageEvent<ParseResponse>) => {
    waiting.get(message.data.id)?.(message.data);
    waiting.delete(message.data.id);
  });
  worker.addEventListener('error', () => {
    worker?.terminate();
    worker = null;
    for (const answer of waiting.values()) answer(null);
    waiting.clear();
  });

  function send(kind: ParseRequest['kind'], text: string): Promise<ParseResponse | null> {
    const target = worker;
    if (target === null) return Promise.resolve(null);
    const request: ParseRequest = { id: nextId++, kind, text };
    return new Promise((resolve) => {
      waiting.set(request.id, resolve);
      target.postMessage(request);
    });
  }

  function unexpected(response: ParseResponse): Error {
    return new Error(response.kind === 'error' ? response.message : `Unexpected reply from the parse worker: ${response.kind}`);
  }

  return {
    async analyze(text) {
      const response = await send('analyze', text);
      if (response === null) return inThread.analyze(text);
      if (response.kind !== 'analyze') throw unexpected(response);
      return response.analysis;
    },
    async exportJson(text) {
      const response = await send('export', text);
      if (response === null) return inThread.exportJson(text);
      if (response.kind !== 'export') throw unexpected(response);
      return response.json;
    },
    dispose() {
      worker?.terminate();
      worker = null;
      waiting.clear();
    },
  };
}
