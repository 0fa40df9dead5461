/** Runs the doctor's CLI as a user would (a child process on this Node), bounded in time. */
import { spawn } from 'node:child_process';

export interface DoctorRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

export const doctorCli = new URL('../../src/doctor/cli.ts', import.meta.url).pathname;

export function runDoctor(args: readonly string[], timeoutMs = 40_000): Promise<DoctorRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [doctorCli, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data));
    child.stderr.on('data', (data: Buffer) => (stderr += data));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the doctor ran longer than ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** The --json report. */
export function json(run: DoctorRun): {
  url: string;
  findings: Array<{ id: string; severity: string; layer: string; evidence: Record<string, unknown>; fix: string }>;
  checks: Array<{ id: string; verdict: string; evidence: Record<string, unknown> }>;
  timeline: { total: number; truncated: boolean; cap: number; entries: Array<{ kind: string; atMs: number; bytes: number; seq?: number; sentAtMs?: number }> };
} {
  return JSON.parse(run.stdout);
}

/**
 * Each problem of the --json report as the layer and the setting it names
 * (`nginx: fastcgi_buffering`, `php: output_buffering = 4096`), sorted and
 * without repeats: a buffer often shows in two findings (held headers, held events).
 */
export function namedProblems(run: DoctorRun): string[] {
  const named = json(run)
    .findings.filter((f) => f.severity === 'problem')
    .map((f) => `${f.layer}: ${f.evidence['buffer'] ?? (f.id === 'php-output-buffer' ? `output_buffering = ${f.evidence['outputBuffering']}` : f.id)}`);
  return [...new Set(named)].sort();
}
