// `npm run bench:machine`: the pure machine lane (d) of `npm run bench` alone, without any server.
import { machineBench } from './machine';
import { readBenchOptions } from './options';

const durationMs = readBenchOptions().BENCH_MACHINE_MS;
const { transitionsPerSecond, casesPerSecond, transitionsPerCpuSecond } = machineBench(durationMs);
console.log(
  `(d) pure machine: ${Math.round(transitionsPerSecond)} transitions/s (${Math.round(casesPerSecond)} lifecycles/s, one core, ${durationMs} ms); ${Math.round(transitionsPerCpuSecond)} per CPU second`,
);
