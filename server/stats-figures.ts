import { stages } from '../contracts/case';
import { limitNames } from '../contracts/vocabulary';
import type { RectificationView } from '../contracts/rectifications';
import { isOverdueRectification } from '../temporal/case-rectifications';
import { remedyFigures, type CaseFigures, type HandoffFigures, type RectificationFigures, type RemedyFigures, type StatsResponse } from '../contracts/stats';

/**
 * A case as the figures see it: where it is now and what it contributes (null: indexed before figures existed), and
 * its rectifications.
 */
export type CaseRecord = { station: string; figures: CaseFigures | null; rectifications?: RectificationView[] };
export type StatsFilter = { station?: string; from?: string; to?: string };

export const rate = (part: number, whole: number): number | null => (whole ? Math.round((part / whole) * 10_000) / 10_000 : null);

/** The middle value; with an even count, the mean of the two middle ones, rounded to the millisecond. */
export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

const isOverdue = (f: CaseFigures) => f.late.length > 0;
const isUnassignedOpen = (f: CaseFigures) => !f.closed && !f.assigned;

/** Best first: highest disposal rate, then lowest overdue rate, then most cases, then by name. */
function rankStations(cases: { station: string; figures: CaseFigures }[]): StatsResponse['stations'] {
  const byStation = new Map<string, { station: string; figures: CaseFigures }[]>();
  for (const c of cases) byStation.set(c.station, [...(byStation.get(c.station) ?? []), c]);
  const rows = [...byStation].map(([station, list]) => {
    const closed = list.filter((c) => c.figures.closed).length;
    const overdueCases = list.filter((c) => isOverdue(c.figures)).length;
    const unassignedOpen = list.filter((c) => isUnassignedOpen(c.figures)).length;
    return { station, received: list.length, closed, disposalRate: rate(closed, list.length), overdueCases, overdueRate: rate(overdueCases, list.length), unassignedOpen };
  });
  rows.sort((a, b) => (b.disposalRate ?? 0) - (a.disposalRate ?? 0) || (a.overdueRate ?? 0) - (b.overdueRate ?? 0) || b.received - a.received || a.station.localeCompare(b.station));
  return rows.map((row, i) => ({ rank: i + 1, ...row }));
}

/** The remedies' counts summed over the cases; a case indexed before remedies existed adds none. */
function remedyTotals(all: CaseFigures[]): RemedyFigures {
  const names = Object.keys(remedyFigures.shape) as (keyof RemedyFigures)[];
  return Object.fromEntries(names.map((name) => [name, all.reduce((n, f) => n + (f.remedies?.[name] ?? 0), 0)])) as RemedyFigures;
}

const DAY_MS = 86_400_000;

/** The hand-off figures: transfers, returns (and the share of transferred cases returned), review time, arrests. */
function handoffTotals(all: CaseFigures[]): StatsResponse['handoff'] {
  const sum = (name: keyof HandoffFigures) => all.reduce((n, f) => n + (f.handoff?.[name] ?? 0), 0);
  const transferred = all.filter((f) => (f.handoff?.transfers ?? 0) > 0).length;
  const casesReturned = all.filter((f) => (f.handoff?.returns ?? 0) > 0).length;
  const reviews = all.flatMap((f) => f.stays.filter(([s]) => s === 'prosecution_review').map(([, ms]) => ms));
  const medianMs = median(reviews);
  return {
    transfers: sum('transfers'),
    returns: sum('returns'),
    casesReturned,
    returnRate: rate(casesReturned, transferred),
    medianDaysInReview: medianMs === null ? null : Math.round((medianMs / DAY_MS) * 100) / 100,
    arrestsRequested: sum('arrestsRequested'),
    arrestsApproved: sum('arrestsApproved'),
  };
}

const HOUR_MS = 3_600_000;

/** From the opening to the last confirmation: a reopened one counts the whole way, rework included. */
function msToConfirm(r: RectificationView): number[] {
  const confirmed = r.history.filter((h) => h.action === 'confirmed').at(-1);
  return r.status === 'confirmed' && confirmed ? [Date.parse(confirmed.at) - Date.parse(r.openedAt)] : [];
}

function rectificationCounts(list: RectificationView[], now: number) {
  const medianMs = median(list.flatMap(msToConfirm));
  return {
    opened: list.length,
    answered: list.filter((r) => r.status === 'answered').length,
    confirmed: list.filter((r) => r.status === 'confirmed').length,
    overdue: list.filter((r) => isOverdueRectification(r, now)).length,
    medianHoursToConfirm: medianMs === null ? null : Math.round((medianMs / HOUR_MS) * 100) / 100,
  };
}

/** The rectifications' figures (docs/rectifications.md defines each), in all and per model. */
function rectificationTotals(all: RectificationView[], now: number): RectificationFigures {
  const models = [...new Set(all.map((r) => r.model))].sort();
  return { ...rectificationCounts(all, now), models: models.map((model) => ({ model, ...rectificationCounts(all.filter((r) => r.model === model), now) })) };
}

/** Every figure of `GET /stats`, from the cases' own figures; docs/supervision.md defines each one. */
export function aggregate(records: CaseRecord[], filter: StatsFilter, now: number): StatsResponse {
  const cases = records.flatMap((r) => (r.figures ? [{ station: r.station, figures: r.figures }] : []));
  const all = cases.map((c) => c.figures);
  const count = (test: (f: CaseFigures) => boolean) => all.filter(test).length;
  const received = all.length;
  const closed = count((f) => f.closed);
  const filings = all.reduce((n, f) => n + f.filings, 0);
  const reviewedFilings = all.reduce((n, f) => n + f.reviewed, 0);
  const overdueCases = count(isOverdue);
  return {
    station: filter.station ?? null,
    from: filter.from ?? null,
    to: filter.to ?? null,
    received,
    registered: count((f) => f.registered),
    notified: count((f) => f.notified),
    filed: count((f) => f.filings > 0),
    closed,
    filings,
    reviewedFilings,
    disposalRate: rate(closed, received),
    postFilingCheckRate: rate(reviewedFilings, filings),
    overdueCases,
    overdueRate: rate(overdueCases, received),
    unassignedOpen: count(isUnassignedOpen),
    overdue: limitNames.map((limit) => {
      const started = count((f) => f.limits.includes(limit));
      const late = count((f) => f.late.includes(limit));
      return { limit, started, overdue: late, rate: rate(late, started) };
    }),
    stageTimes: stages
      .filter((s) => s !== 'closed')
      .map((stage) => {
        const stays = all.flatMap((f) => f.stays.filter(([s]) => s === stage).map(([, ms]) => ms));
        return { stage, stays: stays.length, medianMs: median(stays) };
      }),
    stations: rankStations(cases),
    ...remedyTotals(all),
    handoff: handoffTotals(all),
    rectifications: rectificationTotals(records.flatMap((r) => r.rectifications ?? []), now),
    withoutFigures: records.length - cases.length,
  };
}
