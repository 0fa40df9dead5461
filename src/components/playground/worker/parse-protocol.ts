/** Messages between the island (parse-client.ts) and parse.worker.ts. */
import type { StreamAnalysis } from '../model/analysis.ts';

/** `analyze`: the display-ready analysis; `export`: the JSON of every event. */
export interface ParseRequest {
  id: number;
  kind: 'analyze' | 'export';
  text: string;
}

export type ParseResponse =
  | { id: number; kind: 'analyze'; analysis: StreamAnalysis }
  | { id: number; kind: 'export'; json: string }
  | { id: number; kind: 'error'; message: string };
