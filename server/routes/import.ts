/** Roster import and its templates (design.md, "Administration and import"). */
import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { CSV_TYPE, IMPORT_KINDS, MAX_IMPORT_BYTES, XLSX_TYPE } from '../../shared/desk-messages.ts';
import { auditBy } from '../audit.ts';
import { parseWith, requireCommunityAdmin, type ServerContext } from '../context.ts';
import { ApiError } from '../http-errors.ts';
import { importRoster } from '../import/import.ts';
import { readSheet } from '../import/read-sheet.ts';
import { templateWorkbook } from '../import/template.ts';

const kindParams = z.object({ kind: z.enum(IMPORT_KINDS) });
const importQuery = z.object({ dryRun: z.optional(z.enum(['0', '1', 'true', 'false'])) });

const FILE_NAMES = { households: '住户名册导入模板.xlsx', partyMembers: '党员名册导入模板.xlsx' } as const;

function sheetKind(contentType: string | undefined): 'xlsx' | 'csv' {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === XLSX_TYPE) return 'xlsx';
  if (type === CSV_TYPE || type === 'application/csv') return 'csv';
  throw new ApiError(415, 'unsupported_media_type', `send the file as ${XLSX_TYPE} or ${CSV_TYPE}`, 'file');
}

export async function registerImportRoutes(app: FastifyInstance, { db }: ServerContext) {
  await app.register(async (scope) => {
    // The request body is the spreadsheet itself, read whole (a roster is a few MB at most).
    scope.addContentTypeParser(
      [XLSX_TYPE, CSV_TYPE, 'application/csv'],
      { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES },
      (_request, body, done) => done(null, body),
    );

    scope.get('/api/import/:kind/template.xlsx', async (request, reply) => {
      requireCommunityAdmin(request, 'roster imports');
      const { kind } = parseWith(kindParams, request.params);
      reply
        .type(XLSX_TYPE)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(FILE_NAMES[kind])}`);
      return templateWorkbook(kind);
    });

    scope.post('/api/import/:kind', async (request) => {
      const admin = requireCommunityAdmin(request, 'roster imports');
      const { kind } = parseWith(kindParams, request.params);
      const { dryRun } = parseWith(importQuery, request.query);
      const format = sheetKind(request.headers['content-type']);
      if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
        throw new ApiError(400, 'malformed', 'the request body is the spreadsheet file', 'file');
      }
      const sheet = await readSheet(request.body, format);
      const checkOnly = dryRun === '1' || dryRun === 'true';
      const report = await importRoster(db, admin, kind, sheet, { dryRun: checkOnly });
      if (!checkOnly) {
        const { rows, created, updated, unchanged, rejected } = report;
        await auditBy(db, admin, request.ip, {
          action: 'import',
          target: kind,
          detail: { rows, created, updated, unchanged, rejected: rejected.length },
        });
      }
      return report;
    });
  });
}
