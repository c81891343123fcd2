// The rectifications' figures of GET /stats on real Temporal, against counts worked out by hand: three negative-list
// cases held at a station (one left open, one answered, one answered and confirmed) and one criminal report neither
// notified nor decided in time (two other models' rectifications, left open).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/processes';
import { startStack, tokens, uniqueId, type Stack } from '../support/stack';
import { createCase, DAY, HOUR, iso, send, sendAll } from '../e2e/helpers';

type Rectification = { id: string; model: string; openedAt: string; history: Array<{ action: string; at: string }> };
const station = uniqueId('SR');
const toStation = [{ type: 'REGISTER' }, { type: 'NOTIFY' }, { type: 'FILE', decision: 'file' }, { type: 'APPROVE' }];
let stack: Stack;
let confirmed: Rectification;

const stats = async (token: string = tokens.supervisor) => (await stack.call('GET', `/stats?station=${station}`, undefined, token)).body;
const step = async (caseId: string, rid: string, action: string, body: object, token: string) => {
  const res = await stack.call('POST', `/cases/${caseId}/rectifications/${encodeURIComponent(rid)}/${action}`, body, token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.rectifications as Rectification[];
};

async function heldAtStation() {
  const { caseId } = await createCase(stack, { station, offense: 'homicide' }, tokens.admin);
  const view = await sendAll(stack, caseId, toStation, tokens.admin);
  return { caseId, rid: (view.rectifications as Rectification[])[0]!.id };
}

beforeAll(async () => {
  stack = await startStack();
  await heldAtStation();
  const answered = await heldAtStation();
  await step(answered.caseId, answered.rid, 'answer', { note: 'papers sent' }, tokens.admin);
  const done = await heldAtStation();
  await step(done.caseId, done.rid, 'answer', { note: 'transferred' }, tokens.admin);
  confirmed = (await step(done.caseId, done.rid, 'confirm', {}, tokens.supervisor))[0]!;
  // Registered an hour after a criminal report five days old, never notified nor decided: notify and file long overdue.
  const reportedAt = Date.now() - 5 * DAY;
  const { caseId } = await createCase(stack, { station, reportedAt: iso(reportedAt) }, tokens.admin);
  const registered = await send(stack, caseId, { type: 'REGISTER', at: iso(reportedAt + HOUR) }, tokens.admin);
  expect((registered.rectifications as Rectification[]).map((r) => r.model).sort()).toEqual(['filing-not-decided', 'reporter-not-notified']);
  await waitFor(async () => (await stats()).rectifications.opened === 5 && (await stats()).rectifications.confirmed === 1, 'rectifications indexed', 30_000);
}, 120_000);
afterAll(() => stack?.close());

describe('GET /stats: rectifications', () => {
  it('counts opened, answered, confirmed and overdue, in all and per model, worked out by hand', async () => {
    const hours = (Date.parse(confirmed.history.at(-1)!.at) - Date.parse(confirmed.openedAt)) / HOUR;
    const median = Math.round(hours * 100) / 100;
    const body = await stats();
    expect(body.rectifications).toEqual({
      opened: 5, answered: 1, confirmed: 1, overdue: 0, medianHoursToConfirm: median,
      models: [
        { model: 'filing-not-decided', opened: 1, answered: 0, confirmed: 0, overdue: 0, medianHoursToConfirm: null },
        { model: 'negative-list-at-station', opened: 3, answered: 1, confirmed: 1, overdue: 0, medianHoursToConfirm: median },
        { model: 'reporter-not-notified', opened: 1, answered: 0, confirmed: 0, overdue: 0, medianHoursToConfirm: null },
      ],
    });
  });

  it('a token without the station counts none of its rectifications', async () => {
    expect((await stats(tokens.caseSystem)).rectifications).toEqual({ opened: 0, answered: 0, confirmed: 0, overdue: 0, medianHoursToConfirm: null, models: [] });
  });
});
