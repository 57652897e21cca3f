import { ErrorEnvelope } from '../http/errors.ts';
import type { RigApp } from '../http/server.ts';
import { AuditPage, AuditQuery } from './schema.ts';
import type { AuditService } from './service.ts';

export function registerAuditRoutes(app: RigApp, audit: AuditService): void {
  app.get(
    '/api/v1/audit',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'The audit log: who did what to which target, when, with what result (newest first)',
        description:
          'Every mutating API request, every login (failed ones too), sidecar writes and events such as ' +
          'lease ends. Never holds secrets. Page with `cursor` = the previous `next_cursor`.',
        querystring: AuditQuery,
        response: { 200: AuditPage, 400: ErrorEnvelope },
      },
    },
    async (request) => audit.query(request.query),
  );
}
