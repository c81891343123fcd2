// Entry point: sign-in and a hash router (#/?filters, #/case/ID, #/me, #/rectifications?filters), so the server serves one static page and
// reload, back and a shared link all land where they were.
import { ApiError, SignInNeeded, get, token, whoAmI } from './api.js';
import { renderCase } from './case-page.js';
import { renderMine } from './my-cases.js';
import { renderNav } from './nav.js';
import { readFilters, renderOverview } from './overview.js';
import { readRectFilters, renderRectifications } from './rectifications.js';

const $ = (id) => document.getElementById(id);
const pages = { 'sign-in': $('sign-in'), overview: $('overview'), case: $('case'), mine: $('mine'), rectifications: $('rectifications') };
let lastOverview = '#/';
let seq = 0;

function show(name) {
  for (const [key, el] of Object.entries(pages)) el.hidden = key !== name;
  $('sign-out').hidden = name === 'sign-in';
  $('nav').hidden = name === 'sign-in';
}

function signIn(message = '', kind = 'error') {
  seq += 1; // whatever was loading is dropped
  show('sign-in');
  $('sign-in-message').className = kind;
  $('sign-in-message').textContent = message;
  $('sign-in-message').hidden = !message;
  $('token').focus();
}

/** What a page renderer needs: whether it was overtaken, and where a refused token goes. */
function context() {
  const mine = ++seq;
  return {
    stale: () => mine !== seq,
    fail: (err) => {
      if (err instanceof SignInNeeded && mine === seq) signIn(err.message);
    },
  };
}

async function route() {
  if (!token.get()) return signIn();
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

$('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  token.set($('token').value.trim());
  try {
    await get('/cases/count'); // proves the token before showing anything
  } catch (err) {
    token.clear();
    const why = err instanceof SignInNeeded ? 'That token was not accepted.' : err instanceof ApiError && err.status === 403 ? 'That token may not read cases.' : err.message;
    return signIn(why);
  }
  $('token').value = '';
  route();
});

$('sign-out').addEventListener('click', () => {
  token.clear();
  signIn('Signed out.', 'note');
});

window.addEventListener('hashchange', route);
route();
