// The bureau's figures (GET /stats) as charts: disposal and overdue rates by station, overdue rates by limit, the
// median time in each stage, and the rectifications per model when there are any. Chart.js comes from the package
// (/dashboard/vendor/chart.js, a classic script defining window.Chart); every label is the catalogue's.
import { get, query } from './api.js';
import { failure, h } from './dom.js';
import { t, term } from './i18n.js';

const colours = { disposal: '#16a34a', overdue: '#b91c1c', time: '#2563eb', opened: '#64748b', answered: '#d97706', confirmed: '#16a34a', late: '#b91c1c' };
/** Stays are shown in the largest unit their longest median fills: days for a bureau's stages, minutes for a fresh one. */
const UNITS = [['days', 86_400_000], ['hours', 3_600_000], ['minutes', 60_000]];
/** Charts on show, destroyed before the page is drawn again (a language switch, a new filter). */
let charts = [];
/** Charts built once their canvas is in the page, so Chart.js measures a laid-out box. */
let pending = [];

const percent = (rate) => (rate === null ? null : Math.round(rate * 1000) / 10);

/** One bar chart in a box of its own, drawn once attached; no animation, so a test or a screenshot sees the final picture. */
function barChart(id, labels, datasets, { unit, max, counts = false } = {}) {
  const canvas = h('canvas', { role: 'img', 'aria-label': t(`stats.${id}`) });
  const box = h('figure', { class: 'chart', id: `chart-${id}` }, h('figcaption', {}, t(`stats.${id}`)), h('div', { class: 'chart-area' }, canvas));
  pending.push(() => new window.Chart(canvas, {
    type: 'bar',
    data: { labels, datasets: datasets.map((d) => ({ ...d, backgroundColor: d.colour, borderColor: d.colour })) },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, max, ticks: counts ? { precision: 0 } : {}, title: { display: Boolean(unit), text: unit } } },
      plugins: { legend: { display: datasets.length > 1 } },
    },
  }));
  return box;
}

function summary(stats) {
  const rate = (r) => (r === null ? '—' : `${percent(r)}%`);
  const rows = [
    [t('stats.received'), stats.received], [t('stats.registered'), stats.registered], [t('stats.filed'), stats.filed],
    [t('stats.closed'), stats.closed], [t('stats.disposalRate'), rate(stats.disposalRate)], [t('stats.overdueCases'), stats.overdueCases],
    [t('stats.overdueRate'), rate(stats.overdueRate)], [t('stats.unassignedOpen'), stats.unassignedOpen],
  ];
  return h('dl', { class: 'facts stats-summary', id: 'stats-summary' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

function stationsChart(stats) {
  return barChart('stations', stats.stations.map((s) => s.station), [
    { label: t('stats.disposalRate'), data: stats.stations.map((s) => percent(s.disposalRate)), colour: colours.disposal },
    { label: t('stats.overdueRate'), data: stats.stations.map((s) => percent(s.overdueRate)), colour: colours.overdue },
  ], { unit: '%', max: 100 });
}

function limitsChart(stats) {
  const limits = stats.overdue.filter((o) => o.started > 0);
  return barChart('limits', limits.map((o) => term('limit', o.limit)), [
    { label: t('stats.overdueRate'), data: limits.map((o) => percent(o.rate)), colour: colours.overdue },
  ], { unit: '%', max: 100 });
}

function stageChart(stats) {
  const stages = stats.stageTimes.filter((s) => s.medianMs !== null);
  const longest = Math.max(0, ...stages.map((s) => s.medianMs));
  const [unit, ms] = UNITS.find(([, size]) => longest >= size) ?? UNITS.at(-1);
  return barChart('stages', stages.map((s) => term('stage', s.stage)), [
    { label: t('stats.median'), data: stages.map((s) => Math.round((s.medianMs / ms) * 10) / 10), colour: colours.time },
  ], { unit: t(`stats.${unit}`) });
}

/** Per model, then all together; the chart is left out while there are none. */
function rectificationsChart(stats) {
  const r = stats.rectifications;
  if (!r || r.opened === 0) return null;
  const rows = [...r.models.map((m) => ({ ...m, label: term('rule', m.model) })), { ...r, label: t('stats.allModels') }];
  const series = (key, colour) => ({ label: t(`stats.rect.${key}`), data: rows.map((m) => m[key]), colour });
  return barChart('rectifications', rows.map((m) => m.label), [
    series('opened', colours.opened), series('answered', colours.answered), series('confirmed', colours.confirmed), series('overdue', colours.late),
  ], { counts: true });
}

export async function renderStats(root, station, ctx) {
  for (const chart of charts) chart.destroy();
  charts = [];
  pending = [];
  root.replaceChildren(h('h1', {}, t('stats.title')), h('p', { class: 'muted' }, t('common.loading')));
  let stats;
  try {
    stats = await get(`/stats${query({ station })}`);
  } catch (err) {
    ctx.fail(err);
    if (!ctx.stale()) root.lastChild.replaceWith(failure(err));
    return;
  }
  if (ctx.stale()) return;
  const filter = h('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); location.hash = `#/stats${query({ station: e.target.elements.station.value.trim() })}`; } },
    h('label', {}, t('filter.station'), h('input', { name: 'station', value: station ?? '', placeholder: t('filter.all'), pattern: '[A-Za-z0-9._\\-]+', maxlength: 64 })),
    h('button', { type: 'submit' }, t('stats.apply')));
  root.replaceChildren(
    h('h1', {}, t('stats.title')),
    filter,
    summary(stats),
    stats.received === 0 ? h('p', { class: 'empty' }, t('stats.none')) : '',
    h('div', { class: 'charts' }, stationsChart(stats), limitsChart(stats), stageChart(stats), rectificationsChart(stats) ?? ''));
  charts = pending.map((draw) => draw());
  pending = [];
}
