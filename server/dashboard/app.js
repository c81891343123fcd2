// Entry point: sign-in, the language switch and a hash router (#/?filters, #/case/ID, #/me, #/rectifications?filters,
// #/stats?station=), so the server serves one static page and reload, back and a shared link all land where they were.
import { ApiError, SignInNeeded, get, token, whoAmI } from './api.js';
import { renderCase } from './case-page.js';
import { h } from './dom.js';
import { lang, languageName, languages, setLang, t, translateStatic } from './i18n.js';
import { renderMine } from './my-cases.js';
import { renderNav } from './nav.js';
import { readFilters, renderOverview } from './overview.js';
import { readRectFilters, renderRectifications } from './rectifications.js';
import { renderStats } from './stats.js';

const $ = (id) => document.getElementById(id);
const pages = {
  'sign-in': $('sign-in'), overview: $('overview'), case: $('case'), mine: $('mine'), rectifications: $('rectifications'), stats: $('stats'),
};
let lastOverview = '#/';
let seq = 0;
/** The sign-in line on show, as a key, its values and its kind, so a language switch can say it again. */
let message = null;

function show(name) {
  for (const [key, el] of Object.entries(pages)) el.hidden = key !== name;
  $('sign-out').hidden = name === 'sign-in';
  $('nav').hidden = name === 'sign-in';
}

function showMessage() {
  const line = $('sign-in-message');
  line.className = message?.kind ?? 'error';
  line.textContent = message ? t(message.key, message.vars) : '';
  line.hidden = !message;
}

function signIn(key = null, kind = 'error', vars = {}) {
  seq += 1; // whatever was loading is dropped
  message = key ? { key, kind, vars } : null;
  show('sign-in');
  showMessage();
  $('token').focus();
}

/** What a page renderer needs: whether it was overtaken, and where a refused token goes. */
function context() {
  const mine = ++seq;
  return {
    stale: () => mine !== seq,
    fail: (err) => {
      if (err instanceof SignInNeeded && mine === seq) signIn(err.key);
    },
  };
}

async function route() {
  if (!token.get()) return signIn(message?.key, message?.kind, message?.vars);
  const ctx = context();
  let me = null;
  try {
    me = await whoAmI();
  } catch (err) {
    ctx.fail(err);
    if (ctx.stale()) return;
  }
  if (ctx.stale()) return;
  // The landing page: an officer signed in as a person starts at their own cases, anyone else at the overview.
  if (!location.hash && me?.sub) window.history.replaceState(null, '', '#/me');
  const [path, search = ''] = location.hash.replace(/^#/, '').split('?');
  renderNav($('nav'), me, path);
  if (path.startsWith('/case/')) {
    show('case');
    await renderCase(pages.case, decodeURIComponent(path.slice('/case/'.length)), lastOverview, ctx);
  } else if (path === '/stats') {
    show('stats');
    await renderStats(pages.stats, new URLSearchParams(search).get('station') || undefined, ctx);
  } else if (path === '/me') {
    lastOverview = location.hash;
    show('mine');
    await renderMine(pages.mine, me, ctx);
  } else if (path === '/rectifications') {
    lastOverview = location.hash;
    show('rectifications');
    await renderRectifications(pages.rectifications, readRectFilters(search), me, ctx);
  } else {
    lastOverview = location.hash || '#/';
    show('overview');
    await renderOverview(pages.overview, readFilters(search), ctx);
  }
}

/** 中文 / English in the header: each language named in itself, the chosen one pressed. */
function languageSwitch() {
  $('languages').replaceChildren(...languages.map((code) =>
    h('button', { type: 'button', lang: code, 'data-lang': code, 'aria-pressed': String(code === lang()), onclick: () => switchTo(code) },
      languageName(code))));
}

function switchTo(code) {
  if (code === lang()) return;
  setLang(code);
  translateStatic();
  languageSwitch();
  if (pages['sign-in'].hidden) route();
  else showMessage();
}

$('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  token.set($('token').value.trim());
  try {
    await get('/cases/count'); // proves the token before showing anything
  } catch (err) {
    token.clear();
    if (err instanceof SignInNeeded) return signIn('signin.rejected');
    if (err instanceof ApiError && err.status === 403) return signIn('signin.forbidden');
    return signIn('common.failed', 'error', { message: err.message });
  }
  $('token').value = '';
  message = null;
  route();
});

$('sign-out').addEventListener('click', () => {
  token.clear();
  signIn('signin.signedOut', 'note');
});

translateStatic();
languageSwitch();
window.addEventListener('hashchange', route);
route();
