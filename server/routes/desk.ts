/**
 * The supervisor's workspace (design.md, "Reports and export"): browse lists, the dashboard's
 * figures and exports, for supervisors and administrators of a community, their community only.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod/mini';
import {
  BROWSE_TABLES,
  browseQuerySchema,
  districtQuerySchema,
  overviewQuerySchema,
} from '../../shared/desk-messages.ts';
import { auditBy } from '../audit.ts';
import { listAccounts } from '../auth/accounts.ts';
import { parseWith, requireCommunitySupervisor, type ServerContext } from '../context.ts';
import { browse } from '../desk/browse.ts';
import { chinaDay } from '../desk/days.ts';
import { districtOverview } from '../desk/district.ts';
import { countExport, exportFileName, exportStream } from '../desk/export.ts';
import { overview } from '../desk/overview.ts';
import { loadCommunityTree } from '../desk/places.ts';
import { ApiError } from '../http-errors.ts';

const tableParams = z.object({ table: z.enum(BROWSE_TABLES) });
const exportParams = z.object({
  file: z.string().check(z.regex(new RegExp(`^(${BROWSE_TABLES.join('|')})\\.(xlsx|csv)$`), 'table.xlsx or table.csv')),
});
const CONTENT_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
} as const;

export function registerDeskRoutes(app: FastifyInstance, { db, databaseKind, config }: ServerContext) {
  app.get('/api/browse/:table', async (request) => {
    const user = requireCommunitySupervisor(request, 'the workspace lists');
    const { table } = parseWith(tableParams, request.params);
    const query = parseWith(browseQuerySchema, request.query);
    return browse(db, databaseKind, { role: user.role, communityId: user.place.id }, table, query);
  });

  // Who works in the community, for the workspace's "worker" filter and names.
  app.get('/api/desk/people', async (request) => {
    const user = requireCommunitySupervisor(request, 'the workspace lists');
    const accounts = await listAccounts(db, user.place.id);
    return {
      people: accounts.map(({ id, displayName, role, place, active }) => ({ id, displayName, role, place, active })),
    };
  });

  app.get('/api/reports/overview', async (request) => {
    const user = requireCommunitySupervisor(request, 'the reports');
    const query = parseWith(overviewQuerySchema, request.query);
    if (query.from && query.to && query.from > query.to) throw new ApiError(422, 'invalid', 'from: after to', 'from');
    const tree = await loadCommunityTree(db, user.place.id);
    const rows = await db.selectFrom('users').select(['id', 'display_name']).execute();
    const users = new Map(rows.map((row) => [row.id, row.display_name]));
    return overview(db, databaseKind, tree, users, query);
  });

  // The district office's systems read every community's figures with a key of their own, not a
  // person's session: no account stands above a community.
  app.get('/api/reports/district', async (request) => {
    requireDistrictKey(request, config.districtReportToken);
    const query = parseWith(districtQuerySchema, request.query);
    if (query.from && query.to && query.from > query.to) throw new ApiError(422, 'invalid', 'from: after to', 'from');
    return districtOverview(db, databaseKind, query);
  });

  app.get('/api/export/:file', async (request, reply) => {
    const user = requireCommunitySupervisor(request, 'exports');
    const { file } = parseWith(exportParams, request.params);
    const [table, format] = file.split('.') as [(typeof BROWSE_TABLES)[number], 'xlsx' | 'csv'];
    const { offset: _offset, limit: _limit, sort: _sort, ...filters } = parseWith(browseQuerySchema, request.query);
    const exportRequest = {
      db,
      kind: databaseKind,
      viewer: { role: user.role, communityId: user.place.id },
      table,
      filters,
    };
    const rows = await countExport(exportRequest);
    // Who took which rows out of the system: the filters and the count, never the rows, and not
    // the words searched for (they may be a name).
    const { q, ...shownFilters } = filters;
    await auditBy(db, user, request.ip, {
      action: 'export',
      target: file,
      detail: { rows, filters: shownFilters, searched: q !== undefined && q !== '' },
    });
    const name = exportFileName(table, format, chinaDay());
    reply
      .type(CONTENT_TYPES[format])
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
      // Lets the page show how far a long download has come.
      .header('x-export-rows', String(rows))
      .header('cache-control', 'no-store');
    return reply.send(exportStream(exportRequest, format));
  });
}

const digest = (text: string) => createHash('sha256').update(text).digest();

function requireDistrictKey(request: FastifyRequest, token: string | null) {
  if (!token) throw new ApiError(403, 'forbidden', 'the district report is off (no DISTRICT_REPORT_TOKEN set)');
  const shown = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (!shown || !timingSafeEqual(digest(shown), digest(token)))
    throw new ApiError(401, 'unauthenticated', 'the district report needs the district key: Authorization: Bearer …');
}
