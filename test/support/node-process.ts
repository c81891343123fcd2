import type { Proc } from './processes';

/** SIGKILL, as a crashed machine would: no shutdown hook runs. Resolves once the process is gone. */
export async function killHard(proc: Proc): Promise<void> {
  if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
  await proc.exited;
}

/** SIGTERM and wait, for tidy teardown; falls back to SIGKILL after `graceMs`. */
export async function stopGently(proc: Proc | undefined, graceMs = 10_000): Promise<void> {
  if (!proc || proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), graceMs);
  await proc.exited;
  clearTimeout(timer);
}
