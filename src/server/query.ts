import { HttpError, shown } from './http-error.ts';

interface IntegerRange {
  min: number;
  max: number;
  fallback: number;
}

/**
 * Reads an optional integer query parameter. Anything but plain digits in
 * range is a 400 whose message names the parameter and the allowed range,
 * so a reader who typed `?n=abc` sees exactly what to change.
 */
export function integerParam(query: URLSearchParams, name: string, { min, max, fallback }: IntegerRange): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const value = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw new HttpError(400, `Query parameter "${name}" must be an integer from ${min} to ${max}, got ${shown(raw)}.`);
  }
  return value;
}
