import type { Client } from '@temporalio/client';
import { decodeOptionalSinglePayload } from '@temporalio/common/lib/internal-non-workflow';
import { decodeTypedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes';
import { searchAttributes as sa } from '../contracts/names';
import type { Severity } from '../contracts/policy';
import { CASE_MEMO_WARNINGS, warningRules } from '../contracts/vocabulary';
import type { WarningView } from '../contracts/warnings';
import { everyExecution, quote } from '../temporal/visibility';
import { visibilityQuery } from './case-search';

export type WarningsFilter = {
  taskQueue: string;
  scope: readonly string[];
  station?: string;
  rule?: string;
  severity?: Severity;
  limit: number;
  /** The ids a warning may carry: the policy's models, and the v1 rules of cases started before them. */
  ruleIds: readonly string[];
};

/** Open warnings across cases, from visibility: the rule ids are a search attribute, the details the memo. */
export async function listOpenWarnings(client: Client, f: WarningsFilter) {
  const rules = f.rule ? [f.rule] : [...new Set([...f.ruleIds, ...Object.keys(warningRules)])];
  const query = `${visibilityQuery({ taskQueue: f.taskQueue, scope: f.scope, station: f.station })} AND ${sa.warnings.name} IN (${rules.map(quote).join(', ')})`;
  const items = [];
  for await (const execution of everyExecution(client, query, 200)) {
    const payload = execution.memo?.fields?.[CASE_MEMO_WARNINGS];
    // Through the client's codec: the memo is encrypted like every payload.
    const open = (await decodeOptionalSinglePayload<WarningView[]>(client.options.loadedDataConverter, payload)) ?? [];
    const station = decodeTypedSearchAttributes(execution.searchAttributes?.indexedFields).get(sa.station) ?? '';
    for (const w of open) {
      if (rules.includes(w.rule) && (!f.severity || w.severity === f.severity)) items.push({ caseId: execution.execution?.workflowId ?? '', station, rule: w.rule, severity: w.severity, limit: w.limit, openedAt: w.openedAt });
    }
    if (items.length >= f.limit) break;
  }
  return { items: items.slice(0, f.limit) };
}
