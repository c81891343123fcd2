// The rectification queue in headless Chromium against the real API and workflows: a model opens rectifications (a
// negative-list case held at a station), the unit answers them over the API, and a supervisor confirms one and sends
// another back from #/rectifications; the API then reports them confirmed and open. A step on a row another
// supervisor has just confirmed is refused, and the page says so in the API's words. Screenshots in test-results/dashboard/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokensFile } from '../../contracts/tokens';
import { loadTokens } from '../../config/tokens';
import { createCase, getCase, sendAll, until } from '../e2e/helpers';
import { startStack, tokens, uniqueId, type Stack } from '../support/stack';
import { launchBrowser, laptop, phone, shot, signIn } from './browser';

type Rectification = { id: string; caseId: string; status: string; history: Array<{ action: string; by: string; note: string | null }> };

let stack: Stack;
let browser: Browser;
const station = uniqueId('DR');
const rect: Record<'confirm' | 'reopen' | 'stale', Rectification> = {} as never;
// The unit: a case-system token of this file's own station, beside the dev tokens.
const unit = 'dash-rectification-unit-token';
const withUnit = (): TokensFile => ({ tokens: [...loadTokens(undefined, false).tokens, { token: unit, name: 'station-unit', role: 'case-system', stations: [station] }] });
const toStation = [{ type: 'REGISTER' }, { type: 'NOTIFY' }, { type: 'FILE', decision: 'file' }, { type: 'APPROVE' }];

const queue = async (filters: string) => (await stack.call('GET', `/rectifications?station=${station}&${filters}`, undefined, tokens.supervisor)).body as { items: Rectification[] };
const rectificationOf = async (caseId: string): Promise<Rectification> => (await getCase(stack, caseId, tokens.supervisor)).rectifications[0];

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack({ tokens: withUnit() }), launchBrowser()]);
  for (const key of ['confirm', 'reopen', 'stale'] as const) {
    // A homicide held by a station after APPROVE: the shipped model negative-list-at-station opens a rectification.
    const { caseId } = await createCase(stack, { station, offense: 'homicide' }, unit);
    const view = await sendAll(stack, caseId, toStation, unit);
    const opened = view.rectifications[0] as Rectification;
    expect(opened).toMatchObject({ status: 'open' });
    const answered = await stack.call('POST', `/cases/${caseId}/rectifications/${encodeURIComponent(opened.id)}/answer`, { note: `已移交刑侦大队 (${key})` }, unit);
    expect(answered.status).toBe(200);
    rect[key] = answered.body.rectifications[0];
  }
  // The queue reads each case's memo through visibility, a moment behind the workflows.
  await until(() => queue('status=answered'), (b) => b.items.length === 3, 30_000);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function openQueue(hash: string, viewport = laptop, token: string = tokens.supervisor): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  await signIn(page, stack.url, token, hash);
  await page.waitForSelector('#rectifications:not([hidden]) #rect-list');
  return page;
}

const row = (page: Page, r: Rectification) => page.locator(`#rect-list tr[data-rectification="${r.id}"]`);
const rowIds = (page: Page) => page.$$eval('#rect-list tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-rectification')).sort());
const message = (page: Page) => page.locator('#rect-message').innerText();

describe('rectification queue', () => {
  it('lists the answered rectifications of a station with their answers, and pages by the API\'s cursor', async () => {
    const page = await openQueue(`#/rectifications?station=${station}&status=answered&limit=2`);
    expect(await rowIds(page)).toHaveLength(2);
    // The model by its label, the shipped policy's Chinese name for negative-list-at-station.
    expect(await page.locator('#rect-list tbody').innerText()).toContain('负面清单案件滞留派出所');
    await page.click('button.more');
    await expect.poll(() => rowIds(page)).toEqual([rect.confirm.id, rect.reopen.id, rect.stale.id].sort());
    expect(await page.locator('button.more').isHidden()).toBe(true);
    expect(await row(page, rect.confirm).innerText()).toMatch(/已移交刑侦大队 \(confirm\)[\s\S]*station-unit/);
    await shot(page, 'rectifications-answered');

    // Each answered row offers a supervisor both steps; the unit that answered sees the same rows and no step.
    expect(await page.locator('#rect-list form.confirm').count()).toBe(3);
    expect(await page.locator('#rect-list form.reopen').count()).toBe(3);
    const unitPage = await openQueue(`#/rectifications?station=${station}&status=answered`, laptop, unit);
    await expect.poll(() => rowIds(unitPage)).toHaveLength(3);
    expect(await unitPage.locator('#rect-list form').count()).toBe(0);
    await unitPage.context().close();

    await page.selectOption('#rect-filters select[name=status]', 'open');
    await expect.poll(() => page.locator('#rect-list .empty').count()).toBe(1);
    expect(new URL(page.url()).hash).toContain('status=open');
    await page.context().close();
  });

  it('a supervisor confirms one with a note; the API reports it confirmed', async () => {
    const page = await openQueue(`#/rectifications?station=${station}&status=answered`);
    await row(page, rect.confirm).locator('form.confirm input[name=note]').fill('核查属实');
    await row(page, rect.confirm).locator('form.confirm button').click();
    await expect.poll(() => row(page, rect.confirm).locator('[data-status]').getAttribute('data-status')).toBe('confirmed');
    expect(await row(page, rect.confirm).innerText()).toContain('已确认');
    expect(await message(page)).toContain(rect.confirm.id);
    const confirmed = await rectificationOf(rect.confirm.caseId);
    expect(confirmed.status).toBe('confirmed');
    expect(confirmed.history.at(-1)).toMatchObject({ action: 'confirmed', by: 'dev-legal-office', note: '核查属实' });
    expect((await until(() => queue('status=confirmed'), (b) => b.items.length === 1, 30_000)).items.map((r) => r.id)).toEqual([rect.confirm.id]);
    await shot(page, 'rectifications-confirmed');
    await page.context().close();
  });

  it('sends one back only with a reason; the API reports it open again with the reason', async () => {
    const page = await openQueue(`#/rectifications?station=${station}&status=answered`);
    const form = row(page, rect.reopen).locator('form.reopen');
    await form.locator('button').click(); // no reason: the browser stops the form, nothing is sent
    expect(await form.locator('input[name=reason]:invalid').count()).toBe(1);
    expect((await rectificationOf(rect.reopen.caseId)).status).toBe('answered');

    await form.locator('input[name=reason]').fill('移交手续不全，请补齐');
    await form.locator('button').click();
    await expect.poll(() => row(page, rect.reopen).locator('[data-status]').getAttribute('data-status')).toBe('open');
    const reopened = await rectificationOf(rect.reopen.caseId);
    expect(reopened.status).toBe('open');
    expect(reopened.history.at(-1)).toMatchObject({ action: 'reopened', by: 'dev-legal-office', note: '移交手续不全，请补齐' });
    await page.context().close();
  });

  it('shows the refusal when another supervisor confirmed the row first, and keeps the row as it was', async () => {
    const page = await openQueue(`#/rectifications?station=${station}&status=answered`);
    const path = `/cases/${rect.stale.caseId}/rectifications/${encodeURIComponent(rect.stale.id)}/confirm`;
    expect((await stack.call('POST', path, {}, tokens.admin)).status).toBe(200);
    await row(page, rect.stale).locator('form.confirm button').click();
    await page.waitForSelector('#rect-message [role=alert]');
    const refusal = await stack.call('POST', path, {}, tokens.supervisor);
    expect(refusal.status).toBe(409);
    expect(await message(page)).toContain('409');
    expect(await message(page)).toContain('整改当前状态不允许该操作');
    expect(await message(page)).toContain(refusal.body.message);
    expect(await row(page, rect.stale).locator('[data-status]').getAttribute('data-status')).toBe('answered');
    await shot(page, 'rectifications-refused');
    await page.context().close();
  });

  it('fits a phone', async () => {
    const page = await openQueue(`#/rectifications?station=${station}`, phone);
    await expect.poll(() => rowIds(page)).toHaveLength(3);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(phone.width);
    await shot(page, 'phone-rectifications');
    await page.context().close();
  });
});
