// `npm run bench:machine`: the pure machine lane (d) of `npm run bench` alone, without any server. On a shared
// machine the wall-clock rate follows the load; the rate per CPU second of this process barely does.
import { machineBench } from './machine';

const durationMs = Number(process.env.BENCH_MACHINE_MS ?? 3_000);
const cpu = process.cpuUsage();
const { transitionsPerSecond, casesPerSecond } = machineBench(durationMs);
const used = process.cpuUsage(cpu);
const perCpuSecond = (transitionsPerSecond * durationMs) / ((used.user + used.system) / 1000);
console.log(
  `(d) pure machine: ${Math.round(transitionsPerSecond)} transitions/s (${Math.round(casesPerSecond)} lifecycles/s, one core, ${durationMs} ms); ${Math.round(perCpuSecond)} per CPU second`,
);
