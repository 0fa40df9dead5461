/**
 * Prints the servers' configs and logs under a test that failed, so a red
 * test says why without rerunning it:
 *
 *   printLogsOnFailure(() => setup.logs());   // inside a describe
 */
import { afterEach } from 'vitest';

export function printLogsOnFailure(logs: () => string): void {
  afterEach((context) => {
    if (context.task.result?.state === 'fail') console.error(`${context.task.name}\n${logs()}`);
  });
}
