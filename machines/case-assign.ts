import { assign, type Assigner, type ParameterizedObject, type PropertyAssigner } from 'xstate';
import type { CaseCommand } from '../contracts/case';
import type { CaseContext, MachineEvent } from './case-context';

type Params = ParameterizedObject['params'] | undefined;

/**
 * `assign` typed for the case machine, so its actions can live in modules of their own (machines/lifecycle-actions.ts,
 * machines/handoff-actions.ts) and still check against the context and events `setup` declares.
 */
export const caseAssign = <P extends Params = undefined>(
  assignment: Assigner<CaseContext, MachineEvent, P, MachineEvent, never> | PropertyAssigner<CaseContext, MachineEvent, P, MachineEvent, never>,
) => assign<CaseContext, MachineEvent, P, MachineEvent, never>(assignment);

export const isCommand = (e: MachineEvent): e is CaseCommand => e.type !== 'TICK' && e.type !== 'DELIVERED' && e.type !== 'REPORTS_COUNTED' && e.type !== 'CALENDAR_ADDED';
export const atOf = (e: MachineEvent): string => ('at' in e ? e.at : '');
