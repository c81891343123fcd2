import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { httpError } from '../http-errors';

const assetsDir = path.join(__dirname, '..', 'dashboard');
// Chart.js from the installed package (the UMD build defines window.Chart), so no CDN and no copy in the repository:
// the package's exports hide its folder, so it is found from the entry point it does export.
const chartJsFile = path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');
const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

// The page only ever talks to this API and renders text, never markup: the policy makes an injected
// script or a third-party host a refusal rather than a risk.
const securityHeaders = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // A redeploy must reach supervisors at once; the files are a few kilobytes.
  'cache-control': 'no-cache',
};

/** Read once at start-up: a handful of small files, so no static-file plugin and no disk read per request. */
function loadAssets(): Map<string, { body: Buffer; type: string }> {
  const assets = new Map<string, { body: Buffer; type: string }>();
  for (const name of readdirSync(assetsDir)) {
    const type = types[path.extname(name)];
    if (type) assets.set(name, { body: readFileSync(path.join(assetsDir, name)), type });
  }
  assets.set('vendor/chart.js', { body: readFileSync(chartJsFile), type: types['.js']! });
  return assets;
}

/** The supervisor dashboard: public static files (all data comes from the API with the user's token), hidden from OpenAPI. */
export const dashboardRoutes: FastifyPluginAsync = async (app) => {
  const assets = loadAssets();
  const send = (reply: FastifyReply, name: string) => {
    const asset = assets.get(name);
    if (!asset) throw httpError(404, 'not_found', 'no such dashboard file');
    return reply.headers(securityHeaders).type(asset.type).send(asset.body);
  };
  const hidden = { schema: { hide: true } };
  app.get('/dashboard', hidden, (_request, reply) => send(reply, 'index.html'));
  app.get('/dashboard/', hidden, (_request, reply) => send(reply, 'index.html'));
  app.get<{ Params: { file: string } }>('/dashboard/:file', hidden, (request, reply) => send(reply, request.params.file));
  app.get('/dashboard/vendor/chart.js', hidden, (_request, reply) => send(reply, 'vendor/chart.js'));
};
