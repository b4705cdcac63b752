/**
 * The server's log, at its most talkative, holds no personal data: a full round of sign-ins,
 * pushes of visits, household edits and issue reports full of names, phone numbers and notes,
 * refused and malformed requests quoting them, pulls and conflicts; then every one of those values
 * is looked for in everything the process printed.
 */
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type ServerProcess, startServerProcess } from '../helpers/server.ts';
import { account, Device, householdsInGrid, issueFields, visitFields } from './support.ts';

const PERSONAL = {
  name: '欧阳秀兰',
  phone: '13987654321',
  note: '丈夫刚刑满释放，情绪低落',
  need: '需要申请低保，家里没有收入',
  issue: '邻居欧阳秀兰家漏水到楼下',
};

describe('the server log', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({ seeded: true, logLevel: 'info' });
  });
  afterAll(() => server?.stop());

  it('names no one, quotes no phone number and repeats no note, whatever was sent', async () => {
    const worker = account('worker01');
    const client = new ApiClient(server.url);
    await client.request('POST', '/api/auth/login', { username: 'worker01', password: PERSONAL.phone });
    await client.login('worker01');
    const phone = new Device();
    const householdId = householdsInGrid(worker.place.id)[0] as string;
    const pushes = [
      [
        phone.put(
          'visits',
          uuidv7(),
          visitFields(householdId, worker.id, {
            metWith: PERSONAL.name,
            note: PERSONAL.note,
            needs: [{ kind: 'livelihood', text: PERSONAL.need }],
          }),
        ),
      ],
      [phone.put('households', householdId, { phone: PERSONAL.phone, notes: PERSONAL.note, headName: PERSONAL.name })],
      // Refused, with the personal data in the refused fields.
      [phone.put('households', householdId, { phone: `${PERSONAL.phone}-not-a-phone-${PERSONAL.name}` })],
      [phone.put('households', householdsInGrid(account('worker02').place.id)[0] as string, { notes: PERSONAL.note })],
      [phone.put('issues', uuidv7(), issueFields(worker.place.id, worker.id, { title: PERSONAL.issue }))],
    ];
    for (const mutations of pushes) await phone.push(client, mutations);
    await client.request('POST', '/api/sync/push', undefined, `{"deviceId": "${PERSONAL.name}", "mutations": [`);
    await client.request('GET', `/api/sync/pull?cursor=0&limit=5000&name=${encodeURIComponent(PERSONAL.name)}`);
    await client.request('GET', `/api/no-such-route?phone=${PERSONAL.phone}`);
    // Give the process a moment to flush its last lines.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const log = server.log();
    expect(log).toContain('"statusCode":200');
    expect(log).toContain('"statusCode":422');
    for (const [what, value] of Object.entries(PERSONAL)) {
      expect(log.includes(value), `${what} in the log`).toBe(false);
      expect(log.includes(encodeURIComponent(value)), `${what} (encoded) in the log`).toBe(false);
    }
  });
});
