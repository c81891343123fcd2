// The header's links, by what the token may see: "my cases" for a signed-in officer (an OIDC sub), the
// rectification queue for the roles GET /rectifications serves (those that take a step on one), the figures for the
// roles GET /stats serves (server/routes/stats.ts), or for anyone when an older API has no GET /me.
import { h } from './dom.js';
import { t } from './i18n.js';

const STATS_ROLES = ['case-system', 'supervisor', 'admin'];

export function renderNav(nav, me, path) {
  const link = (href, key, here) => h('a', { href, 'aria-current': here ? 'page' : null }, t(key));
  nav.replaceChildren(
    link('#/', 'nav.overview', path === '/' || path === ''),
    me?.sub ? link('#/me', 'nav.mine', path === '/me') : '',
    me?.rectifications?.length ? link('#/rectifications', 'nav.rectifications', path === '/rectifications') : '',
    !me || STATS_ROLES.includes(me.role) ? link('#/stats', 'nav.stats', path === '/stats') : '');
}
