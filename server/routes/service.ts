/**
 * Community service figures for the desk (issue 18): the lists and micro-wishes by place and
 * period, in-service members' hours (and their workbook), the quarterly report (and its workbook).
 * Supervisors and administrators of a community, their community only. Workbooks are recorded in
 * the audit log: people read them.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { quarterlyQuerySchema, serviceQuerySchema } from '../../shared/desk-messages.ts';
import { audit } from '../audit.ts';
import { parseWith, requireCommunitySupervisor, type ServerContext } from '../context.ts';
import { loadCommunityTree } from '../desk/places.ts';
import { quarterlyReport } from '../desk/quarterly.ts';
import { memberHours, serviceFigures } from '../desk/service.ts';
import {
  memberHoursFileName,
  memberHoursWorkbook,
  quarterlyFileName,
  quarterlyWorkbook,
} from '../desk/service-xlsx.ts';
import { ApiError } from '../http-errors.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function rangeOf(request: FastifyRequest) {
  const query = parseWith(serviceQuerySchema, request.query);
  if (query.from && query.to && query.from > query.to) throw new ApiError(422, 'invalid', 'from: after to', 'from');
  return query;
}

function sendWorkbook(reply: FastifyReply, fileName: string, body: NodeJS.ReadableStream) {
  reply
    .type(XLSX)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .header('cache-control', 'no-store');
  return reply.send(body);
}

export function registerServiceRoutes(app: FastifyInstance, { db, databaseKind }: ServerContext) {
  app.get('/api/reports/service', async (request) => {
    const user = requireCommunitySupervisor(request, 'the reports');
    const query = rangeOf(request);
    return serviceFigures(db, databaseKind, await loadCommunityTree(db, user.place.id), query);
  });

  app.get('/api/reports/member-hours', async (request) => {
    const user = requireCommunitySupervisor(request, 'the reports');
    const query = rangeOf(request);
    return memberHours(db, databaseKind, await loadCommunityTree(db, user.place.id), query);
  });

  app.get('/api/reports/member-hours.xlsx', async (request, reply) => {
    const user = requireCommunitySupervisor(request, 'exports');
    const query = rangeOf(request);
    const hours = await memberHours(db, databaseKind, await loadCommunityTree(db, user.place.id), query);
    await audit(db, {
      action: 'export',
      userId: user.id,
      username: user.username,
      communityId: user.place.id,
      address: request.ip,
      target: 'memberHours',
      detail: { from: hours.from, to: hours.to, placeId: query.placeId ?? null, members: hours.members.length },
    });
    return sendWorkbook(reply, memberHoursFileName(hours), memberHoursWorkbook(hours));
  });

  app.get('/api/reports/quarterly', async (request) => {
    const user = requireCommunitySupervisor(request, 'the reports');
    const query = parseWith(quarterlyQuerySchema, request.query);
    return quarterlyReport(db, databaseKind, await loadCommunityTree(db, user.place.id), query);
  });

  app.get('/api/reports/quarterly.xlsx', async (request, reply) => {
    const user = requireCommunitySupervisor(request, 'exports');
    const query = parseWith(quarterlyQuerySchema, request.query);
    const report = await quarterlyReport(db, databaseKind, await loadCommunityTree(db, user.place.id), query);
    await audit(db, {
      action: 'export',
      userId: user.id,
      username: user.username,
      communityId: user.place.id,
      address: request.ip,
      target: 'quarterly',
      detail: { quarter: report.quarter, placeId: report.place.id },
    });
    return sendWorkbook(reply, quarterlyFileName(report), quarterlyWorkbook(report));
  });
}
