// The dashboard's languages in a real headless Chromium against the real API: Chinese by default, the header's switch
// to English and back (remembered, <html lang> following), and no English word left in the Chinese pages but data.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCase, DAY, iso, sendAll, until } from '../e2e/helpers';
import { startStack, tokens, uniqueId, type Stack } from '../support/stack';
import { launchBrowser, laptop, shot, signIn } from './browser';

const admin = tokens.admin;
let stack: Stack;
let browser: Browser;
const station = uniqueId('DL');
const ids = { late: '', closed: '' };

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  const [late, closed] = await Promise.all([
    // Overdue on its register limit: escalations, an overdue badge, a warning.
    createCase(stack, { station, reportedAt: iso(Date.now() - 2 * DAY) }, admin),
    createCase(stack, { station, category: 'administrative' }, admin).then((c) => sendAll(stack, c.caseId, [
      { type: 'REGISTER' }, { type: 'NOTIFY' }, { type: 'FILE', decision: 'file' }, { type: 'APPROVE' }, { type: 'CLOSE', outcome: 'mediated' },
    ], admin)),
  ]);
  Object.assign(ids, { late: late.caseId, closed: closed.caseId });
  await until(() => stack.call('GET', `/cases/count?station=${station}&overdue=true`, undefined, tokens.supervisor).then((r) => r.body),
    (b) => b.count === 1, 30_000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** A fresh browser profile (nothing chosen yet), with every console error and page error kept. */
async function newPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await (await browser.newContext({ viewport: laptop })).newPage();
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`${m.text()} ${m.location().url}`); });
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors };
}

const htmlLang = (page: Page) => page.evaluate<string>('document.documentElement.lang');
const heading = (page: Page) => page.locator('#overview h1').innerText();

// Everything a person can read: the rendered text, the title, option labels, and the attributes shown or spoken.
const READABLE = `(() => {
  const out = [document.title, document.body.innerText];
  for (const el of document.querySelectorAll('option, svg text')) out.push(el.textContent);
  for (const el of document.querySelectorAll('[placeholder], [aria-label], [data-label]'))
    for (const name of ['placeholder', 'aria-label', 'data-label']) if (el.hasAttribute(name)) out.push(el.getAttribute(name));
  return out.join('\\n');
})()`;

/**
 * The words of two or more Latin letters left once the data (ids, stations, officers), the product's name and the
 * switch's own names of the languages (English is named in English on purpose) are taken out.
 */
async function englishLeft(page: Page, data: string[]): Promise<string[]> {
  let text = await page.evaluate<string>(READABLE);
  const names = await page.$$eval('#languages button', (bs) => bs.map((b) => b.textContent ?? ''));
  for (const value of [...data, ...names, 'caseflow'].sort((a, b) => b.length - a.length)) text = text.split(value).join(' ');
  return text.match(/[A-Za-z]{2,}/g) ?? [];
}

/** The strings of a case view that are data a case system or an officer sent, not words of the page. */
async function dataOf(caseId: string): Promise<string[]> {
  const view = (await stack.call('GET', `/cases/${caseId}`, undefined, tokens.supervisor)).body;
  return [view.caseId, view.station, ...view.history.map((e: { by?: string }) => e.by ?? ''), view.offense ?? ''].filter(Boolean);
}

describe('dashboard languages', () => {
  it('speaks Chinese by default, switches to English and back, remembers the choice, and <html lang> follows', async () => {
    const { page, errors } = await newPage();
    await page.goto(`${stack.url}/dashboard`);
    await page.waitForSelector('#sign-in:not([hidden])');
    expect(await htmlLang(page)).toBe('zh-CN');
    expect(await page.locator('#sign-in h1').innerText()).toBe('登录');
    expect(await page.locator('#languages button[aria-pressed=true]').innerText()).toBe('中文');
    await shot(page, 'zh-sign-in');

    await signIn(page, stack.url, tokens.supervisor, `#/?station=${station}`);
    await expect.poll(() => heading(page)).toBe('在办案件');
    expect(await page.locator('#sign-out').innerText()).toBe('退出登录');
    await expect.poll(() => page.locator(`#cases-list tr:has(a:text-is("${ids.late}"))`).innerText()).toContain('超期');
    await shot(page, 'zh-overview');

    await page.click('#languages button[data-lang=en]');
    await expect.poll(() => heading(page)).toBe('Open cases');
    expect(await htmlLang(page)).toBe('en');
    expect(await page.title()).toBe('caseflow · supervisor dashboard');
    expect(await page.locator('#sign-out').innerText()).toBe('Sign out');
    expect(await page.locator(`#cases-list tr:has(a:text-is("${ids.late}"))`).innerText()).toContain('overdue');
    expect(await page.evaluate("localStorage.getItem('caseflow.lang')")).toBe('en');
    await shot(page, 'en-overview');

    // Remembered in this browser: a reload stays English, and the filters stay in the address.
    await page.reload();
    await expect.poll(() => heading(page)).toBe('Open cases');
    expect(page.url()).toContain(`station=${station}`);

    await page.click('#languages button[data-lang=zh-CN]');
    await expect.poll(() => heading(page)).toBe('在办案件');
    expect(await htmlLang(page)).toBe('zh-CN');
    expect(await page.title()).toBe('caseflow · 监督台');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows the case page in Chinese: stages, limits, events and outcome by their labels, dates in the Chinese form', async () => {
    const { page, errors } = await newPage();
    await signIn(page, stack.url, tokens.supervisor, `#/case/${ids.closed}`);
    await page.waitForSelector('#case:not([hidden]) .timeline');
    expect(await page.locator('#case h1').innerText()).toContain('已结案');
    expect(await page.locator('#case .facts').innerText()).toMatch(/办理结果\s+调解结案/);
    const steps = await page.$$eval('#case .timeline:not(#agency-timeline) li strong', (s) => s.map((x) => x.textContent));
    expect(steps).toEqual(['接报', '受案登记', '告知', '立案决定', '审核通过', '结案']);
    // Intl in zh-CN: 2026年12月2日 and the like, never "Dec".
    expect(await page.locator('#case .facts time').first().innerText()).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    expect(await page.$$eval('#case .stage text', (ts) => ts.map((x) => x.textContent))).toContain('法制审核');
    await shot(page, 'zh-case');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('leaves no English word in the Chinese pages but the data they show', async () => {
    const { page, errors } = await newPage();
    await page.goto(`${stack.url}/dashboard`);
    await page.waitForSelector('#sign-in:not([hidden])');
    expect(await englishLeft(page, [])).toEqual([]);

    await signIn(page, stack.url, tokens.supervisor, `#/?station=${station}`);
    await expect.poll(() => page.locator('#cases-list tbody tr').count()).toBe(1);
    const overview = [ids.late, station, ...(await page.$$eval('#warnings-list td:first-child a, #warnings-list td:nth-child(2)',
      (els) => els.map((e) => e.textContent ?? '')))];
    expect(await englishLeft(page, overview)).toEqual([]);

    for (const caseId of [ids.late, ids.closed]) {
      await page.evaluate(`location.hash = '#/case/${caseId}'`);
      await page.waitForSelector(`#case:not([hidden]) h1:has-text("${caseId}")`);
      await page.waitForSelector('#case .timeline');
      expect(await englishLeft(page, await dataOf(caseId)), caseId).toEqual([]);
    }
    // The figures page: its captions, legend names and axis labels are drawn on canvas from Chart.js's data.
    await page.evaluate(`location.hash = '#/stats?station=${station}'`);
    await page.waitForSelector('#stats:not([hidden]) #chart-stages canvas');
    expect(await englishLeft(page, [station])).toEqual([]);
    const drawnLabels = await page.evaluate<string>(`[...document.querySelectorAll('#stats canvas')].map((c) => {
      const { data, options } = window.Chart.getChart(c);
      return [...data.labels, ...data.datasets.map((d) => d.label), options.scales.y.title.text].join(' ');
    }).join(' ')`);
    expect(drawnLabels.split(station).join(' ').match(/[A-Za-z]{2,}/g) ?? []).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
