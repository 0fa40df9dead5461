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
export function json(run: DoctorRun): { url: string; findings: Array<{ id: string; severity: string; layer: string; evidence: Record<string, unknown>; fix: string }>; checks: Array<{ id: string; verdict: string; evidence: Record<string, unknown> }> } {
  return JSON.parse(run.stdout);
}
