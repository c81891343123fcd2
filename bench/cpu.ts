import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

let ticksPerSecond: number | undefined;

/** The kernel's clock ticks per second, in which /proc counts CPU time (100 on nearly every Linux). */
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** CPU time a process has used so far (user + system, every thread), in ms; undefined without Linux's /proc. */
export function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // The command name may hold spaces and sits in parentheses; utime and stime are the 12th and 13th fields after it.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
  } catch {
    return undefined;
  }
}

/** The process whose command line contains `marker` (the dev server, by its unique database path). */
export function pidWith(marker: string): number | undefined {
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) return Number(entry);
      } catch {
        // Gone between the listing and the read.
      }
    }
  } catch {
    // No /proc: not Linux.
  }
  return undefined;
}

/** This process's own CPU time in ms: the bench runs the HTTP API, the load and the Temporal client. */
export const ownCpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** utime, stime, cutime, cstime of a process in ticks, and its parent; undefined once it is gone. */
function statOf(pid: number): { ticks: number; ppid: number } | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return { ticks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]), ppid: Number(fields[1]) };
  } catch {
    return undefined;
  }
}

/**
 * CPU time of a process and all its descendants, in ms: PostgreSQL's backends are processes of their own. Each live
 * process counts its own time and that of the children it has reaped (cutime, cstime), so a backend that exits
 * between two readings is still counted, once, in its parent's.
 */
export function treeCpuMs(root: number | undefined): number | undefined {
  if (root === undefined || statOf(root) === undefined) return undefined;
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = statOf(Number(entry));
    if (stat) parents.set(Number(entry), stat.ppid);
  }
  const inTree = (pid: number): boolean => {
    for (let at: number | undefined = pid, hops = 0; at !== undefined && at > 1 && hops < 64; at = parents.get(at), hops++) if (at === root) return true;
    return false;
  };
  let ticks = 0;
  for (const pid of parents.keys()) if (inTree(pid)) ticks += statOf(pid)?.ticks ?? 0;
  return (ticks * 1000) / clockTicks();
}

/** The machine's 1-minute load average: reported beside CPU figures, which it does not move, unlike wall time. */
export const loadAverage = (): number => loadavg()[0]!;
