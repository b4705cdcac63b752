/**
 * Text from a phone is kept exactly as written on SQLite and PostgreSQL alike. Text that one of
 * them could not keep (a NUL character, half of a surrogate pair: a broken keyboard app, a paste
 * cut in the middle of an emoji) is refused at the door with a 422 naming the field, the same on
 * both, and nothing is written: never a server error from deep inside the database.
 */
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startServer, type TestServer } from '../helpers/server.ts';
import { account, Device, householdsInGrid, pullAll, visitFields } from './support.ts';

const worker = account('worker04');
const household = householdsInGrid(worker.place.id)[0] as string;

describe('text either database stores', () => {
  let server: TestServer;
  let client: ApiClient;
  beforeAll(async () => {
    server = await startServer();
    client = new ApiClient(server.url);
    await client.login('worker04');
  });
  afterAll(() => server?.stop());

  it('is pulled back exactly as written: Chinese, emoji, quotes, new lines', async () => {
    const phone = new Device();
    const note = "王阿姨说：“楼道灯坏了” 👵🏻\n第二行 '引号' \\ 反斜杠";
    const visit = phone.put('visits', uuidv7(), visitFields(household, worker.id, { note }));
    const push = await phone.push(client, [visit]);
    expect(push.body.results).toEqual([{ id: visit.id, status: 'accepted' }]);
    const pulled = (await pullAll(client)).changes.find((change) => change.recordId === visit.recordId);
    expect(pulled.record.note).toBe(note);
  });

  it('with a NUL character or half a surrogate pair is a 422 naming the field, and writes nothing', async () => {
    const phone = new Device();
    const before = (await pullAll(client)).cursor;
    const cases: [fields: Record<string, unknown>, field: string][] = [
      [{ note: '门牌\u0000号' }, 'mutations[0].fields.note'],
      [{ note: `笑脸${'😀'.slice(0, 1)}` }, 'mutations[0].fields.note'],
      [{ needs: [{ kind: 'health', text: '\u0000' }] }, 'mutations[0].fields.needs[0].text'],
    ];
    for (const [overrides, field] of cases) {
      const visit = phone.put('visits', uuidv7(), visitFields(household, worker.id, overrides));
      const push = await phone.push(client, [visit]);
      expect(push.status, field).toBe(422);
      expect(push.body.error).toMatchObject({ code: 'invalid', field });
    }
    expect((await pullAll(client, before)).changes).toEqual([]);
  });

  it('in a username at sign-in is a 422 naming the field', async () => {
    const stranger = new ApiClient(server.url);
    const response = await stranger.request('POST', '/api/auth/login', { username: 'worker\u000004', password: 'x' });
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ code: 'invalid', field: 'username' });
  });
});
