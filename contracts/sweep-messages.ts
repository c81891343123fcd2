// The sweep ledger's signal and queries, zod-free for the workflow bundle (see vocabulary.ts).
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { SweepReport, SweepSummary } from './sweeps';

export const recordSweepSignal = defineSignal<[SweepReport]>('recordSweep');
export const sweepListQuery = defineQuery<SweepSummary[]>('sweepList');
export const sweepReportQuery = defineQuery<SweepReport | null, [string]>('sweepReport');
