import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AuditEntry } from '../contracts/audit';
import { AuditUnavailableError, type AuditStore } from '../audit/store';
import { JSON_HEADERS } from './http-errors';

declare module 'fastify' {
  interface FastifyInstance {
    audit: AuditStore | null;
  }
  interface FastifyRequest {
    /** The intent a command left in the audit database before it was tried. */
    auditPending: string | null;
  }
}

const MAX_FIELD = 2048;
const COMMAND_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Body = { caseId?: unknown; station?: unknown; type?: unknown; by?: unknown } | undefined;
const text = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v.slice(0, MAX_FIELD) : null);

/** The station of the case a 2xx answer is about, so supervisors see its records; null for lists and refusals. */
function stationOf(request: FastifyRequest, statusCode: number, payload: unknown): string | null {
  const body = request.body as Body;
  if (text(body?.station)) return text(body?.station);
  if (statusCode >= 300 || typeof payload !== 'string' || !(request.params as { caseId?: string })?.caseId) return null;
  try {
    return text((JSON.parse(payload) as { station?: unknown }).station);
  } catch {
    return null;
  }
}

function entryOf(request: FastifyRequest, reply: FastifyReply | null, payload?: unknown): AuditEntry {
  const principal = request.principal;
  const body = request.body as Body;
  const named = text(body?.by);
  // Who acted, as the history records it (server/auth.ts actorOf): a machine naming an officer is its `via`.
  const [actor, via] = !principal ? [null, null] : principal.sub !== undefined ? [principal.sub, null] : named && named !== principal.name ? [named, principal.name] : [principal.name, null];
  const status = reply?.statusCode ?? null;
  const method = request.method;
  return {
    at: new Date(Date.now() - (reply?.elapsedTime ?? 0)).toISOString(),
    actor,
    via,
    role: principal?.role ?? null,
    ip: request.ip,
    method,
    path: request.url.slice(0, MAX_FIELD),
    caseId: text((request.params as { caseId?: unknown } | undefined)?.caseId) ?? text(body?.caseId),
    station: status === null ? text(body?.station) : stationOf(request, status, payload),
    action: text(body?.type) ?? `${method} ${request.routeOptions.url}`,
    outcome: status === null ? 'unknown' : status >= 400 ? 'refused' : method === 'GET' ? 'read' : 'accepted',
    status,
  };
}

const audited = (request: FastifyRequest) => request.routeOptions.config.roles !== undefined;

/**
 * Contract section 10: every authenticated request is one record, accepted, refused or read. A command's intent is
 * written before it is tried (no write, no command: 503); a read's record before its answer leaves (no write, no
 * data: 503).
 */
export const auditPlugin = fp<{ audit: AuditStore | null }>(async (app, { audit }) => {
  app.decorate('audit', audit);
  app.decorateRequest('auditPending', null);
  if (!audit) return;
  app.addHook('onClose', () => audit.close());

  app.addHook('preHandler', async (request) => {
    if (!audited(request) || !COMMAND_METHODS.has(request.method)) return;
    request.auditPending = await audit.intend(entryOf(request, null));
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (!audited(request)) return payload;
    try {
      await audit.append(entryOf(request, reply, payload), request.auditPending ?? undefined);
      return payload;
    } catch (err) {
      if (!(err instanceof AuditUnavailableError)) throw err;
      // The command was tried and its intent is on record (settled as `unknown` at the next start): its answer stands.
      if (request.auditPending !== null) {
        request.log.error({ err }, 'audit outcome not written; the intent stays pending');
        return payload;
      }
      request.log.warn({ cause: err.message }, 'audit unavailable');
      reply.code(503).headers({ ...JSON_HEADERS, 'content-type': 'application/json; charset=utf-8', 'retry-after': '5' });
      reply.removeHeader('content-length');
      return JSON.stringify({ error: 'audit_unavailable', message: 'the audit trail cannot be written; nothing was done, retry shortly' });
    }
  });
});
