/**
 * The analysis on screen for the current stream. Parsing runs in the parse
 * worker, so a long stream never holds up typing; an answer for an older
 * text is dropped, and a failed parse keeps the last result on screen.
 * Until `ready` (see use-playground-state.ts) the default stream's analysis,
 * computed in place, is shown on server and client alike.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { analyzeStream, type StreamAnalysis } from '../model/analysis.ts';
import { createParseClient, type ParseClient } from '../worker/parse-client.ts';

export function useAnalysis(text: string, ready: boolean) {
  // The first text is the default preset's (a few lines), parsed in place.
  const [analysis, setAnalysis] = useState<StreamAnalysis>(() => analyzeStream(text));
  const parserRef = useRef<ParseClient | null>(null);
  const parseSeq = useRef(0);

  useEffect(() => {
    parserRef.current = createParseClient();
    return () => parserRef.current?.dispose();
  }, []);

  useEffect(() => {
    const client = parserRef.current;
    if (!ready || client === null) return;
    const request = ++parseSeq.current;
    client.analyze(text).then(
      (result) => {
        if (request === parseSeq.current) setAnalysis(result);
      },
      // A failed parse (which the parser never throws for text) keeps the last result on screen.
      () => undefined,
    );
  }, [ready, text]);

  /** The worker's JSON of every event of the text `current()` gives (asked only once the worker exists; null before). */
  const exportJson = (current: () => string): Promise<string> | null => parserRef.current?.exportJson(current()) ?? null;

  return { analysis, exportJson };
}
