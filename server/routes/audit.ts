import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditPage, auditQuery, auditVerification } from '../../contracts/audit';
import { errorBody } from '../../contracts/http';
import type { Principal } from '../../contracts/tokens';
import { AuditUnavailableError } from '../../audit/store';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 503: errorBody };
/** An admin reads every record; a supervisor those of the cases of its stations. */
const scopeOf = (principal: Principal) => (principal.role === 'admin' ? ['*'] : principal.stations);

/** The audit trail of contract section 10: paged, exported as NDJSON, and its hash chain verified. */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const store = () => {
    if (!app.audit) throw new AuditUnavailableError('no audit database is configured');
    return app.audit;
  };

  app.get('/audit', {
    config: { roles: ['admin', 'supervisor'] },
    schema: { tags: ['audit'], summary: 'Audit records, oldest first, filtered and scoped', querystring: auditQuery, response: { 200: auditPage, ...errors } },
  }, async (request) => store().page(request.query, scopeOf(request.principal!)));

  app.get('/audit/export', {
    config: { roles: ['admin', 'supervisor'] },
    schema: {
      tags: ['audit'],
      summary: 'Every audit record the filter and scope allow, one JSON object a line (NDJSON), streamed',
      querystring: auditQuery.omit({ limit: true, cursor: true }),
      // Only the records are NDJSON: a refusal is the usual JSON error body.
      response: { 200: { content: { 'application/x-ndjson': { schema: z.string().describe('NDJSON: one audit record per line') } } }, ...errors },
    },
  }, async (request, reply) => {
    const records = store().export(request.query, scopeOf(request.principal!));
    const lines = Readable.from((async function* () {
      for await (const record of records) yield `${JSON.stringify(record)}\n`;
    })());
    // Streamed as read: the response schema's serializer is not applied to a stream.
    return reply.type('application/x-ndjson').send(lines as unknown as string);
  });

  app.get('/audit/verify', {
    config: { roles: ['admin'] },
    schema: { tags: ['audit'], summary: 'Walk the hash chain: the first record edited, removed or reordered by hand', response: { 200: auditVerification, ...errors } },
  }, async () => store().verify());
};
