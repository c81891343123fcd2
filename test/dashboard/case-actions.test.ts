// Supervisor actions on the case page, in headless Chromium against the real API and workflows: extending a limit,
// acknowledging an escalation and assigning an officer show the API's new state; a second extension past the
// policy's count and a re-assignment to the same officer show the API's refusal and leave the page's data as it was;
// the case system is offered only ASSIGN. Screenshots land in test-results/dashboard/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCase, DAY, HOUR, getCase, iso, send, sendAll, until } from '../e2e/helpers';
import { startStack, tokens, type Stack } from '../support/stack';
import { launchBrowser, laptop, shot, signIn } from './browser';

let stack: Stack;
let browser: Browser;
// A station of the dev case-system token, so that it may open the case too.
const station = 'S01';
let caseId: string;
let escalationId: string;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  // Reported two days ago: its PT24H register limit is overdue at once and escalates; registered after that, its
  // administrative PT24H file limit runs, with one PT48H extension allowed by the shipped policy.
  const kase = await createCase(stack, { station, category: 'administrative', reportedAt: iso(Date.now() - 2 * DAY) }, tokens.admin);
  caseId = kase.caseId;
  const escalated = await until(() => getCase(stack, caseId, tokens.supervisor), (v) => v.escalations.length > 0, 30_000);
  escalationId = escalated.escalations[0].id;
  await send(stack, caseId, { type: 'REGISTER' }, tokens.admin);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function openCase(token: string, id = caseId): Promise<Page> {
  const page = await (await browser.newContext({ viewport: laptop })).newPage();
  await signIn(page, stack.url, token, `#/case/${id}`);
  await page.waitForSelector('#case:not([hidden]) .timeline');
  return page;
}

const fileDue = async () => (await getCase(stack, caseId, tokens.supervisor)).deadlines.filter((d: { limit: string }) => d.limit === 'file').at(-1);
// The page speaks zh-CN unless switched: 立案决定 is the file limit's label.
const fileRow = '#deadlines tr:has(td:text-is("立案决定"))';
const dueShown = (page: Page) => page.locator(`${fileRow} time`).nth(1).getAttribute('datetime');
const message = (page: Page) => page.locator('#action-message').innerText();

describe('case page actions', () => {
  it('offers the case system ASSIGN only, and a supervisor all three', async () => {
    const page = await openCase(tokens.caseSystem);
    await page.waitForSelector('#case-actions #assign-form');
    expect(await page.locator('#extend-form, #ack-list').count()).toBe(0);
    await shot(page, 'case-actions-case-system');
    await page.context().close();

    const supervisor = await openCase(tokens.supervisor);
    await supervisor.waitForSelector('#case-actions');
    expect(await supervisor.locator('#assign-form, #extend-form, #ack-list').count()).toBe(3);
    await supervisor.context().close();
  });

  it('extends the file limit once and shows the new due; the second extension is refused and nothing changes', async () => {
    const before = await fileDue();
    const page = await openCase(tokens.supervisor);
    expect(await dueShown(page)).toBe(before.dueAt);
    await page.selectOption('#extend-form select[name=limit]', 'file');
    await page.click('#extend-form button[type=submit]');

    // PT48H is an hours limit: exactly 48 hours later, no holiday rule.
    const extended = iso(Date.parse(before.dueAt) + 48 * HOUR);
    await expect.poll(() => dueShown(page)).toBe(extended);
    expect((await fileDue()).dueAt).toBe(extended);
    expect(await message(page)).toContain(extended);
    expect(await page.locator(`${fileRow} td`).last().innerText()).toBe('1');
    await shot(page, 'case-actions-extended');

    await page.selectOption('#extend-form select[name=limit]', 'file');
    await page.click('#extend-form button[type=submit]');
    await page.waitForSelector('#action-message [role=alert]');
    // The same request once more through the API: the page must show the API's own words.
    const refusal = await stack.call('POST', `/cases/${caseId}/events`, { type: 'EXTEND', limit: 'file' }, tokens.supervisor);
    expect(refusal.status).toBe(409);
    expect(await message(page)).toContain('409');
    expect(await message(page)).toContain('当前阶段不允许该操作');
    expect(await message(page)).toContain(refusal.body.message);
    expect(await dueShown(page)).toBe(extended);
    expect((await fileDue())).toMatchObject({ dueAt: extended, extensions: 1 });
    await shot(page, 'case-actions-extend-refused');
    await page.context().close();
  });

  it('acknowledges an escalation with a note; the escalation then reads as acknowledged', async () => {
    const page = await openCase(tokens.supervisor);
    const form = `#ack-list form[data-escalation="${escalationId}"]`;
    await page.fill(`${form} input[name=note]`, '已督促所队立即登记');
    await page.click(`${form} button[type=submit]`);
    await page.waitForSelector(`${form}`, { state: 'detached' });
    expect(await page.locator('#escalations').innerText()).toContain('已督促所队立即登记');
    const view = await getCase(stack, caseId, tokens.supervisor);
    expect(view.escalations.find((e: { id: string }) => e.id === escalationId)).toMatchObject({ acknowledged: true, acknowledgedBy: 'dev-legal-office', note: '已督促所队立即登记' });
    await shot(page, 'case-actions-acknowledged');
    await page.context().close();
  });

  it('assigns an officer and shows the assignee; the same officer again is refused and the page keeps its data', async () => {
    const page = await openCase(tokens.supervisor);
    // The page speaks zh-CN unless switched: 承办民警 is the assignee's label.
    const assignee = page.locator('#case .facts dt:text-is("承办民警") + dd');
    expect(await assignee.innerText()).toBe('—');
    await page.fill('#assign-form input[name=to]', 'officer-wang');
    await page.click('#assign-form button[type=submit]');
    await expect.poll(() => assignee.innerText()).toBe('officer-wang');
    expect((await getCase(stack, caseId, tokens.supervisor)).assignee).toBe('officer-wang');
    const historyLength = await page.locator('#case .timeline:not(#agency-timeline) li').count();

    await page.fill('#assign-form input[name=to]', 'officer-wang');
    await page.click('#assign-form button[type=submit]');
    await page.waitForSelector('#action-message [role=alert]');
    expect(await message(page)).toContain('already assigned to officer-wang');
    expect(await assignee.innerText()).toBe('officer-wang');
    expect(await page.locator('#case .timeline:not(#agency-timeline) li').count()).toBe(historyLength);
    await shot(page, 'case-actions-assign-refused');
    await page.context().close();
  });

  it("offers a prosecutor only its procuratorate's limit, and shows the API's refusal of an extension the policy has none of", async () => {
    const { caseId: held } = await createCase(stack, { station }, tokens.admin);
    await sendAll(stack, held, [
      { type: 'REGISTER' }, { type: 'NOTIFY' }, { type: 'FILE', decision: 'file' }, { type: 'APPROVE' },
      { type: 'DETAIN' }, { type: 'REQUEST_ARREST', procuratorate: 'P01' },
    ], tokens.admin);
    const page = await openCase(tokens.prosecutor, held);
    await page.waitForSelector('#extend-form');
    // handle (police) runs too, but is the supervisors' to extend.
    expect(await page.$$eval('#extend-form option', (os) => os.map((o) => o.getAttribute('value')))).toEqual(['arrestDecision']);
    expect(await page.locator('#assign-form, #ack-list').count()).toBe(0);
    await page.click('#extend-form button[type=submit]');
    await page.waitForSelector('#action-message [role=alert]');
    expect(await message(page)).toContain('409');
    await page.context().close();
  });
});
