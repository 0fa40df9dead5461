/**
 * Probes the echo endpoint's status once, after mount, to learn whether the
 * Run tab can replay streams here: a static host or a proxy without the
 * endpoint answers something else, and the tab says so instead of failing
 * on the first click.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ReceivedAnswer } from '../../http-answer.ts';
import { echoAvailable } from '../browser/native-run.ts';

/** Whether the echo endpoint answered the probe; when something else answered, what it was. */
export type Availability = 'checking' | 'available' | 'unavailable' | ReceivedAnswer;

/** How long the status probe may take before the run is declared unavailable. */
const probeTimeoutMs = 5000;

export function useEchoAvailability(statusUrl: string): Availability {
  const [availability, setAvailability] = useState<Availability>('checking');
  useEffect(() => {
    void echoAvailable(statusUrl, AbortSignal.timeout(probeTimeoutMs)).then((found) =>
      setAvailability(found === true ? 'available' : found === false ? 'unavailable' : found),
    );
  }, []);
  return availability;
}
