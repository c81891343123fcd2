// The figures page (#/stats) in a real headless Chromium against the real API: Chart.js served from the package under
// the strict CSP, the charts drawn (pixels on each canvas) with the very figures GET /stats gives for a station of this
// file's cases, labels from the catalogue in Chinese and in English. Screenshots land in test-results/dashboard/.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCase, DAY, iso, sendAll, until } from '../e2e/helpers';
import { startStack, tokens, uniqueId, type Stack } from '../support/stack';
import { launchBrowser, laptop, shot, signIn } from './browser';

const admin = tokens.admin;
const station = uniqueId('DC');
const toStation = [{ type: 'REGISTER' }, { type: 'NOTIFY' }, { type: 'FILE', decision: 'file' }, { type: 'APPROVE' }];
let stack: Stack;
let browser: Browser;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let stats: any;
let strings: Record<string, Record<string, string>>;
/** The catalogue's label of one of the API's words in a language, or the word itself, as the page does. */
const labelIn = (lang: string) => (group: string, value: string) => strings[lang]![`${group}.${value}`] ?? value;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  ({ strings } = (await import(pathToFileURL(path.join(__dirname, '..', '..', 'server', 'dashboard', 'strings.js')).href)) as { strings: typeof strings });
  const heldAtStation = () => createCase(stack, { station, offense: 'homicide' }, admin).then((c) => sendAll(stack, c.caseId, toStation, admin));
  const [, , , held] = await Promise.all([
    createCase(stack, { station, reportedAt: iso(Date.now() - 2 * DAY) }, admin), // its register limit overdue
    createCase(stack, { station, category: 'administrative' }, admin).then((c) => sendAll(stack, c.caseId, [...toStation, { type: 'CLOSE', outcome: 'mediated' }], admin)),
    heldAtStation(),
    heldAtStation(),
  ]);
  // A negative-list case held at a station opens a rectification; the unit answers one of the two.
  await stack.call('POST', `/cases/${held.caseId}/rectifications/${encodeURIComponent(held.rectifications[0].id)}/answer`, { note: 'papers sent' }, admin)
    .then((r) => expect(r.status, JSON.stringify(r.body)).toBe(200));
  stats = await until(() => stack.call('GET', `/stats?station=${station}`, undefined, tokens.supervisor).then((r) => r.body),
    (b) => b.received === 4 && b.closed === 1 && b.overdueCases === 1 && b.rectifications.opened === 2 && b.rectifications.answered === 1, 30_000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function newPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await (await browser.newContext({ viewport: laptop })).newPage();
  const errors: string[] = [];
  // A CSP refusal shows as a console error ("Refused to load/apply/execute ... Content Security Policy").
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`${m.text()} ${m.location().url}`); });
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors };
}

type Drawn = { labels: string[]; datasets: { label: string; data: (number | null)[] }[]; inked: number; caption: string };
/** What Chart.js holds for one chart, and how many pixels of its canvas are painted. */
const drawn = (page: Page, id: string) => page.evaluate<Drawn>(`(() => {
  const figure = document.getElementById('chart-${id}');
  const canvas = figure.querySelector('canvas');
  const chart = window.Chart.getChart(canvas);
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  let inked = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) inked += 1;
  return { labels: chart.data.labels, datasets: chart.data.datasets.map((d) => ({ label: d.label, data: d.data })), inked, caption: figure.querySelector('figcaption').textContent };
})()`);

const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);
/** The page's unit for stays: the largest one the longest median fills. */
const unitOf = (longest: number) => ([['days', 86_400_000], ['hours', 3_600_000]] as const).find(([, size]) => longest >= size) ?? ['minutes', 60_000] as const;

/** Every chart's figures against GET /stats, labelled through `label` (the page's language). */
async function expectFigures(page: Page, label: (group: string, value: string) => string) {
  const stations = await drawn(page, 'stations');
  expect(stations.labels).toEqual([station]);
  expect(stations.datasets.map((d) => d.data)).toEqual([[percent(stats.stations[0].disposalRate)], [percent(stats.stations[0].overdueRate)]]);
  expect(stats.stations[0].overdueRate).toBeGreaterThan(0);

  const started = stats.overdue.filter((o: { started: number }) => o.started > 0);
  const limits = await drawn(page, 'limits');
  expect(limits.labels).toEqual(started.map((o: { limit: string }) => label('limit', o.limit)));
  expect(limits.datasets[0]!.data).toEqual(started.map((o: { rate: number | null }) => percent(o.rate)));

  const timed = stats.stageTimes.filter((s: { medianMs: number | null }) => s.medianMs !== null);
  expect(timed.length).toBeGreaterThan(0);
  const stages = await drawn(page, 'stages');
  const [unit, size] = unitOf(Math.max(...timed.map((s: { medianMs: number }) => s.medianMs)));
  expect(stages.labels).toEqual(timed.map((s: { stage: string }) => label('stage', s.stage)));
  expect(stages.datasets[0]!.data).toEqual(timed.map((s: { medianMs: number }) => Math.round((s.medianMs / size) * 10) / 10));
  expect(await page.evaluate(`window.Chart.getChart(document.querySelector('#chart-stages canvas')).options.scales.y.title.text`)).toBe(label('stats', unit));

  const r = stats.rectifications;
  const rect = await drawn(page, 'rectifications');
  expect(rect.labels.slice(0, -1)).toEqual(r.models.map((m: { model: string }) => label('rule', m.model)));
  expect(rect.datasets.map((d) => d.data)).toEqual(['opened', 'answered', 'confirmed', 'overdue'].map((k) =>
    [...r.models.map((m: Record<string, number>) => m[k]), r[k]]));
  expect(rect.datasets.map((d) => d.data.at(-1))).toEqual([2, 1, 0, r.overdue]);

  for (const chart of [stations, limits, stages, rect]) expect(chart.inked, chart.caption).toBeGreaterThan(500);
  return { stations, limits, stages, rect };
}

describe('dashboard figures', () => {
  it('serves Chart.js from the installed package, under the same strict CSP, and not in the OpenAPI document', async () => {
    const res = await fetch(`${stack.url}/dashboard/vendor/chart.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/javascript');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const shipped = readFileSync(path.join(__dirname, '..', '..', 'node_modules', 'chart.js', 'dist', 'chart.umd.min.js'));
    expect(Buffer.from(await res.arrayBuffer()).equals(shipped)).toBe(true);
    expect(shipped.toString('utf8', 0, 40)).toContain('Chart.js v4.6.1');
    const doc = (await (await fetch(`${stack.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/dashboard'))).toEqual([]);
  });

  it('draws the figures of GET /stats in Chinese, then in English, with no CSP or script error', async () => {
    const { page, errors } = await newPage();
    await signIn(page, stack.url, tokens.supervisor);
    await page.click('#nav a[href="#/stats"]');
    await page.waitForSelector('#stats:not([hidden]) #chart-stations canvas');
    expect(page.url()).toMatch(/#\/stats$/);
    await page.fill('#stats input[name=station]', station);
    await page.click('#stats form button[type=submit]');
    await expect.poll(() => page.evaluate<string>('location.hash')).toBe(`#/stats?station=${station}`);
    await page.waitForSelector('#chart-rectifications canvas');
    const inChinese = await expectFigures(page, labelIn('zh-CN'));
    expect(inChinese.stages.labels).toContain('法制审核');
    expect(inChinese.stations.caption).toBe('各派出所办结率与超期率');
    expect(inChinese.stations.datasets.map((d) => d.label)).toEqual(['办结率', '超期率']);
    expect(inChinese.rect.labels).toContain('负面清单案件滞留派出所');
    expect(await page.locator('#stats-summary').innerText()).toMatch(/接报\s+4[\s\S]*结案\s+1/);
    await shot(page, 'zh-stats');

    await page.click('#languages button[data-lang=en]');
    await expect.poll(() => page.locator('#chart-stations figcaption').innerText()).toBe('Disposal and overdue rates by station');
    const inEnglish = await expectFigures(page, labelIn('en'));
    expect(inEnglish.stages.labels).toContain('in review');
    expect(inEnglish.stations.datasets.map((d) => d.label)).toEqual(['Disposal rate', 'Overdue rate']);
    expect(inEnglish.limits.labels).toContain('register');
    // The Chinese charts were destroyed, not left behind in Chart.js's registry.
    expect(await page.evaluate<number>('Object.keys(window.Chart.instances).length')).toBe(4);
    await shot(page, 'en-stats');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
