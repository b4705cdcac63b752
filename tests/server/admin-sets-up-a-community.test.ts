/**
 * A new installation, as a community office starts it: the first administrator from the command
 * line on an empty database, then over HTTP: a compound with two buildings and a grid, a grid
 * worker's account, a household roster imported from Excel (dry run first, then for real, then
 * again with nothing to change), a party roster from CSV; the worker pulls exactly their grid.
 * Switching the worker off ends their session at once.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_TYPE, XLSX_TYPE } from '../../shared/desk-messages.ts';
import { databaseOfThisRun, freshDatabaseUrl } from '../helpers/databases.ts';
import { ROOT } from '../helpers/paths.ts';
import { csvOf, HOUSEHOLD_HEADER, householdRows, xlsxOf } from '../helpers/roster-fixture.ts';
import { ApiClient, startServer, type TestServer } from '../helpers/server.ts';
import { Device, pullAll } from './support.ts';

const ADMIN_PASSWORD = 'a-long-secret-1';

function runAdminCommand(databaseUrl: string, args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'server/admin-cli.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, GRIDWORK_ADMIN_PASSWORD: ADMIN_PASSWORD },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('an administrator sets up a new community', () => {
  let server: TestServer;
  const admin = new ApiClient('');
  const device = new Device();
  const ids = {
    community: '',
    compound: uuidv7(),
    a: uuidv7(),
    b: uuidv7(),
    grid: uuidv7(),
    a1: uuidv7(),
    a2: uuidv7(),
    b1: uuidv7(),
  };
  let workerPassword = '';
  let workerId = '';

  beforeAll(async () => {
    const databaseUrl = await freshDatabaseUrl(databaseOfThisRun(), false);
    const created = runAdminCommand(databaseUrl, ['create', 'root', '--community', '幸福社区']);
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toContain('Created the administrator root');
    expect(created.stdout).not.toContain(ADMIN_PASSWORD);
    const again = runAdminCommand(databaseUrl, ['create', 'root']);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('taken');
    server = await startServer({ databaseUrl });
    Object.assign(admin, { baseUrl: server.url });
  });
  afterAll(() => server.stop());

  it('signs in as the first administrator and lays out a compound, two buildings and a grid', async () => {
    const user = await admin.login('root', ADMIN_PASSWORD);
    expect(user).toMatchObject({ role: 'admin', place: { level: 'community' } });
    ids.community = user.place.id;
    const put = (id: string, fields: Record<string, unknown>) => device.put('places', id, fields);
    const push = await device.push(admin, [
      put(ids.compound, { kind: 'compound', name: '幸福小区', parentId: ids.community, sort: 0 }),
      put(ids.grid, { kind: 'grid', name: '第一网格', parentId: ids.compound, sort: 0 }),
      put(ids.a, { kind: 'building', name: '1号楼', parentId: ids.compound, gridId: ids.grid, sort: 0 }),
      put(ids.b, { kind: 'building', name: '2号楼', parentId: ids.compound, gridId: null, sort: 1 }),
      put(ids.a1, { kind: 'unit', name: '1单元', parentId: ids.a, sort: 0 }),
      put(ids.a2, { kind: 'unit', name: '2单元', parentId: ids.a, sort: 1 }),
      put(ids.b1, { kind: 'unit', name: '1单元', parentId: ids.b, sort: 0 }),
    ]);
    expect(push.status).toBe(200);
    expect(push.body.results.map((r: { status: string }) => r.status)).toEqual(Array(7).fill('accepted'));
  });

  it('creates a grid worker whose password is shown once', async () => {
    const bad = await admin.request('POST', '/api/admin/users', {
      username: 'wang',
      displayName: '王网格',
      role: 'grid_worker',
      place: { level: 'building', id: ids.a },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.field).toBe('place.level');

    const created = await admin.request('POST', '/api/admin/users', {
      username: 'wang',
      displayName: '王网格',
      role: 'grid_worker',
      place: { level: 'grid', id: ids.grid },
    });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ username: 'wang', role: 'grid_worker', active: true });
    expect(created.body.password).toMatch(/^[A-Za-z0-9]{12}$/);
    workerPassword = created.body.password;
    workerId = created.body.user.id;

    const duplicate = await admin.request('POST', '/api/admin/users', {
      username: 'wang',
      displayName: '另一个',
      role: 'grid_worker',
      place: { level: 'grid', id: ids.grid },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.field).toBe('username');

    const list = await admin.request('GET', '/api/admin/users');
    expect(list.body.users.map((u: { username: string }) => u.username)).toEqual(['root', 'wang']);
    expect(JSON.stringify(list.body)).not.toContain('password');
  });

  it('dry-runs the household roster: every bad row reported in Chinese, nothing written', async () => {
    const file = await xlsxOf(HOUSEHOLD_HEADER, householdRows('幸福小区', '1号楼', '2号楼'));
    const before = (await pullAll(admin)).changes.length;
    const report = await admin.upload('/api/import/households?dryRun=1', file, XLSX_TYPE);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ rows: 10, created: 5, updated: 0, unchanged: 0 });
    expect(report.body.rejected).toEqual([
      { row: 2, column: '门牌', message: '同一户的其他行有错误，这一行未导入' },
      { row: 8, column: '楼栋', message: '不能为空' },
      { row: 9, column: '单元', message: '该楼栋没有单元「9单元」' },
      { row: 10, column: '电话', message: '电话号码格式不对（5–20 位数字）' },
      { row: 11, column: '门牌', message: '门牌重复：同一户有两行「户主」（另见第 2 行）' },
    ]);
    expect((await pullAll(admin)).changes.length).toBe(before);
  });

  it('imports the good rows, and importing the same file again changes nothing', async () => {
    const file = await xlsxOf(HOUSEHOLD_HEADER, householdRows('幸福小区', '1号楼', '2号楼'));
    const first = await admin.upload('/api/import/households', file, XLSX_TYPE);
    expect(first.body).toMatchObject({ rows: 10, created: 5, updated: 0, unchanged: 0 });
    const pulled = await pullAll(admin);
    const households = pulled.changes.filter((c: { table: string }) => c.table === 'households');
    expect(households.map((c: { record: { headName: string } }) => c.record.headName).sort()).toEqual(
      ['刘洋', '李秀兰', '赵德福', '陈静'].sort(),
    );
    const liHousehold = households.find((c: { record: { headName: string } }) => c.record.headName === '李秀兰');
    expect(liHousehold.record).toMatchObject({ roomNo: '102', unitId: ids.a1, memberCount: 2, tags: ['disabled'] });
    expect(liHousehold.record.address).toBe('幸福社区幸福小区1号楼1单元102');

    const again = await admin.upload('/api/import/households', file, XLSX_TYPE);
    expect(again.body).toMatchObject({ rows: 10, created: 0, updated: 0, unchanged: 5 });
    const afterAgain = await pullAll(admin, pulled.cursor);
    expect(afterAgain.changes).toEqual([]);

    // An edited file: 赵德福's phone changed. Only that household and resident move.
    const edited = householdRows('幸福小区', '1号楼', '2号楼').map((row) =>
      row[4] === '赵德福' ? row.with(6, '15899990000') : row,
    );
    const update = await admin.upload('/api/import/households', await xlsxOf(HOUSEHOLD_HEADER, edited), XLSX_TYPE);
    expect(update.body).toMatchObject({ created: 0, updated: 1, unchanged: 4 });
    const changed = await pullAll(admin, pulled.cursor);
    expect(changed.changes.map((c: { table: string }) => c.table).sort()).toEqual(['households', 'residents']);
  });

  it('imports the party roster from CSV, filing members in their building groups', async () => {
    const header = ['姓名', '电话', '小区', '楼栋', '单元', '党员类别', '党内职务', '志愿时长', '公开承诺'];
    const rows = [
      ['王建国', '13812345678', '幸福小区', '1号楼', '1单元', '退休党员', '党小组长', '60', '每周清理一次楼道杂物'],
      ['刘芳', '15822223333', '幸福小区', '2号楼', '', '在职党员报到', '', '12', ''],
      ['钱七', '', '幸福小区', '1号楼', '', '老党员', '', '', ''],
    ];
    const report = await admin.upload('/api/import/partyMembers', csvOf(header, rows), CSV_TYPE);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ rows: 3, created: 2, updated: 0, unchanged: 0 });
    expect(report.body.rejected).toEqual([{ row: 4, column: '党员类别', message: '没有这种党员类别：「老党员」' }]);
    const again = await admin.upload('/api/import/partyMembers', csvOf(header, rows), CSV_TYPE);
    expect(again.body).toMatchObject({ created: 0, unchanged: 2 });

    const wrongType = await admin.request('POST', '/api/import/partyMembers', { rows });
    expect(wrongType.status).toBe(415);
    const notASheet = await admin.upload('/api/import/households', new Uint8Array([1, 2, 3]), XLSX_TYPE);
    expect(notASheet.status).toBe(422);
    expect(notASheet.body.error.field).toBe('file');
    const template = await admin.download('/api/import/households/template.xlsx');
    expect(template.status).toBe(200);
    expect(template.headers.get('content-type')).toContain(XLSX_TYPE);
    expect(template.bytes.subarray(0, 2).toString()).toBe('PK');
  });

  it('the new worker pulls exactly the households of their grid', async () => {
    const worker = new ApiClient(server.url);
    await worker.login('wang', workerPassword);
    const pulled = await pullAll(worker);
    const households = pulled.changes.filter((c: { table: string }) => c.table === 'households');
    expect(households.map((c: { record: { headName: string } }) => c.record.headName).sort()).toEqual(
      ['李秀兰', '赵德福'].sort(),
    );
    expect(households.every((c: { record: { gridId: string } }) => c.record.gridId === ids.grid)).toBe(true);
    const members = pulled.changes.filter((c: { table: string }) => c.table === 'partyMembers');
    expect(members.map((c: { record: { name: string } }) => c.record.name)).toEqual(['王建国']);
  });

  it('switching an account off ends its session at once; only administrators manage accounts', async () => {
    const worker = new ApiClient(server.url);
    await worker.login('wang', workerPassword);
    expect((await worker.request('GET', '/api/auth/me')).status).toBe(200);
    expect((await worker.request('GET', '/api/admin/users')).status).toBe(403);

    const off = await admin.request('PATCH', `/api/admin/users/${workerId}`, { active: false });
    expect(off.status).toBe(200);
    expect(off.body.user.active).toBe(false);
    expect((await worker.request('GET', '/api/auth/me')).status).toBe(401);
    const relogin = await new ApiClient(server.url).request('POST', '/api/auth/login', {
      username: 'wang',
      password: workerPassword,
    });
    expect(relogin.status).toBe(401);

    const on = await admin.request('PATCH', `/api/admin/users/${workerId}`, { active: true });
    expect(on.body.user.active).toBe(true);
    const reset = await admin.request('POST', `/api/admin/users/${workerId}/password`);
    expect(reset.body.password).not.toBe(workerPassword);
    await worker.login('wang', reset.body.password);
    expect((await worker.request('GET', '/api/auth/me')).status).toBe(200);

    const self = await admin.request(
      'PATCH',
      `/api/admin/users/${(await admin.request('GET', '/api/auth/me')).body.user.id}`,
      {
        active: false,
      },
    );
    expect(self.status).toBe(409);
    expect((await admin.request('PATCH', `/api/admin/users/${uuidv7()}`, { active: false })).status).toBe(404);
  });

  it('keeps every administrative act in the audit log, with counts and without names', async () => {
    const exported = await admin.download('/api/export/households.csv?q=%E6%9D%8E');
    expect(exported.status).toBe(200);
    const { body } = await admin.request('GET', '/api/audit?limit=100');
    const entries = body.entries as { action: string; target: string; detail: Record<string, unknown> | null }[];
    const acts = entries.filter((entry) => !entry.action.startsWith('sign_'));
    // Newest first: the export, the reset, the two switches, the imports (dry runs are not acts).
    expect(acts.map((entry) => `${entry.action} ${entry.target}`)).toEqual([
      'export households.csv',
      `password_reset ${workerId}`,
      `user_changed ${workerId}`,
      `user_changed ${workerId}`,
      'import partyMembers',
      'import partyMembers',
      'import households',
      'import households',
      'import households',
      `user_created ${workerId}`,
    ]);
    expect(acts[0]?.detail).toMatchObject({ rows: 1, searched: true });
    expect(acts[2]?.detail).toEqual({ fields: ['active'] });
    expect(acts.at(-2)?.detail).toEqual({ rows: 10, created: 5, updated: 0, unchanged: 0, rejected: 5 });
    const written = JSON.stringify(entries);
    for (const personal of ['王网格', '李秀兰', '赵德福', '王建国', '李', workerPassword]) {
      expect(written, personal).not.toContain(personal);
    }
    const byName = await admin.request('GET', '/api/audit?action=import&limit=100');
    expect(byName.body.entries).toHaveLength(5);
  });
});
