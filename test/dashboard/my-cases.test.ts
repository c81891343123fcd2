// "My cases" in headless Chromium against the real API and workflows: an officer signing in with an OIDC JWT lands on
// #/me and sees the open cases assigned to them, overdue first, and nobody else's; a machine token is told it names
// no officer. Screenshots land in test-results/dashboard/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCase, DAY, iso, send, until } from '../e2e/helpers';
import { localIssuer } from '../support/oidc-issuer';
import { startStack, tokens, uniqueId, type Stack } from '../support/stack';
import { launchBrowser, laptop, phone, shot, signIn } from './browser';

let stack: Stack;
let browser: Browser;
let officer: string;
const station = uniqueId('DM');
const ids = { overdue: '', fresh: '', others: '', closed: '' };

beforeAll(async () => {
  const idp = await localIssuer();
  officer = await idp.sign({ sub: 'officer-zhao', name: '赵警官', caseflow_role: 'case-system', caseflow_stations: [station] });
  [stack, browser] = await Promise.all([startStack({ oidc: idp.settings }), launchBrowser()]);
  const admin = tokens.admin;
  // The overdue case is reported first and assigned last: neither the list's newest-first nor assignment order puts it first.
  const overdue = await createCase(stack, { station, reportedAt: iso(Date.now() - 2 * DAY) }, admin);
  const fresh = await createCase(stack, { station }, admin);
  const others = await createCase(stack, { station }, admin);
  const closed = await createCase(stack, { station, category: 'administrative' }, admin);
  Object.assign(ids, { overdue: overdue.caseId, fresh: fresh.caseId, others: others.caseId, closed: closed.caseId });
  await send(stack, ids.fresh, { type: 'ASSIGN', to: 'officer-zhao' }, admin);
  await send(stack, ids.others, { type: 'ASSIGN', to: 'officer-wang' }, admin);
  await send(stack, ids.closed, { type: 'ASSIGN', to: 'officer-zhao' }, admin);
  for (const event of [{ type: 'REGISTER' }, { type: 'NOTIFY' }, { type: 'FILE', decision: 'file' }, { type: 'APPROVE' }, { type: 'CLOSE', outcome: 'mediated' }]) {
    await send(stack, ids.closed, event, admin);
  }
  await send(stack, ids.overdue, { type: 'ASSIGN', to: 'officer-zhao' }, admin);
  // GET /me/cases reads the visibility store, which follows the workflows a moment later.
  const listed = await until(() => stack.call('GET', '/me/cases', undefined, officer).then((r) => r.body),
    (b) => b.items?.length === 2 && b.items[0].overdue, 30_000);
  expect(listed.items.map((c: { caseId: string }) => c.caseId)).toEqual([ids.overdue, ids.fresh]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const newPage = async (viewport = laptop): Promise<Page> => (await browser.newContext({ viewport })).newPage();
const rowIds = (page: Page) => page.$$eval('#mine-list tbody tr td:first-child a', (as) => as.map((a) => a.textContent));

describe('my cases', () => {
  it('an officer signed in with their JWT lands on #/me and sees their open cases, overdue first', async () => {
    const page = await newPage();
    await signIn(page, stack.url, officer, '');
    await page.waitForSelector('#mine:not([hidden]) #mine-list');
    expect(new URL(page.url()).hash).toBe('#/me');
    expect(await rowIds(page)).toEqual([ids.overdue, ids.fresh]);
    expect(await page.locator('#mine-list tbody tr').first().getAttribute('class')).toBe('overdue');
    expect(await page.locator('#mine-list tbody tr').first().innerText()).toContain('超期');
    expect(await page.locator('#mine h1').innerText()).toContain('赵警官');
    expect(await page.locator('#nav a[aria-current=page]').getAttribute('href')).toBe('#/me');
    await shot(page, 'my-cases');

    await page.click(`#mine-list a:text-is("${ids.overdue}")`);
    await page.waitForSelector('#case:not([hidden]) .timeline');
    expect(await page.locator('#case .facts dt:text-is("承办民警") + dd').innerText()).toBe('officer-zhao');
    await page.click('a.back');
    await expect.poll(() => rowIds(page)).toEqual([ids.overdue, ids.fresh]);
    await page.context().close();
  });

  it('fits a phone', async () => {
    const page = await newPage(phone);
    await signIn(page, stack.url, officer, '');
    await page.waitForSelector('#mine:not([hidden]) #mine-list');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(phone.width);
    await shot(page, 'phone-my-cases');
    await page.context().close();
  });

  it('a machine token lands on the overview, has no "my cases" link, and #/me says it names no officer', async () => {
    const page = await newPage();
    await signIn(page, stack.url, tokens.supervisor, '');
    await page.waitForSelector('#overview:not([hidden]) #cases-list');
    expect(await page.locator('#nav a[href="#/me"]').count()).toBe(0);
    await page.evaluate("location.hash = '#/me'");
    await page.waitForSelector('#mine:not([hidden]) .empty');
    expect(await page.locator('#mine .empty').innerText()).toContain('sub');
    await page.context().close();
  });
});
