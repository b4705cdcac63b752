/**
 * A push is parsed and checked mutation by mutation, pausing between them (server/sync/push.ts):
 * the answers must be the ones the schema gives when it parses the whole body in one piece, for
 * good bodies and for bad ones, and the work must let the event loop turn.
 */
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { ApiError, invalid } from '../../server/http-errors.ts';
import { TimeSlice } from '../../server/loop-turns.ts';
import { validatePush } from '../../server/sync/push.ts';
import { formatHlc } from '../../shared/hlc.ts';
import { type Mutation, pushRequestSchema } from '../../shared/sync-messages.ts';
import { countTurns } from '../helpers/loop.ts';

const DEVICE = '00000000000be7c4';

function visit(counter: number): Mutation {
  return {
    id: uuidv7(),
    table: 'visits',
    recordId: uuidv7(),
    op: 'put',
    hlc: formatHlc({ millis: Date.now(), counter, node: DEVICE }),
    fields: {
      householdId: uuidv7(),
      purpose: 'contact',
      visitedAt: new Date().toISOString(),
      visitorId: uuidv7(),
      metWith: '户主本人',
      note: '老人精神不错，下周再来。',
    },
  };
}

const visits = (n: number) => Array.from({ length: n }, (_, i) => visit(i));

async function refusal(work: Promise<unknown>): Promise<ApiError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('the push was accepted');
}

/** The 422 the schema words when it parses the whole body at once. */
function wholeBodyRefusal(body: unknown) {
  const parsed = pushRequestSchema.safeParse(body);
  if (parsed.success) throw new Error('the schema accepts this body');
  const error = invalid(parsed.error);
  return { status: error.status, code: error.code, message: error.message, field: error.field };
}

describe('a push validated in slices', () => {
  it('answers a malformed body as the schema parsing it whole does', async () => {
    const withExtraKey = visits(4);
    (withExtraKey[2] as unknown as Record<string, unknown>).extra = 1;
    const twoFaults = visits(5);
    delete (twoFaults[1] as Partial<Mutation>).hlc;
    (twoFaults[3] as unknown as Record<string, unknown>).table = 'nowhere';
    const bodies: [string, unknown][] = [
      ['an unknown key in the third mutation', { deviceId: DEVICE, mutations: withExtraKey }],
      ['two bad mutations', { deviceId: DEVICE, mutations: twoFaults }],
      ['a bad device id and a bad mutation', { deviceId: 'phone', mutations: twoFaults }],
      ['an unknown key beside a bad mutation', { deviceId: DEVICE, mutations: twoFaults, extra: true }],
      ['a mutation that is a number', { deviceId: DEVICE, mutations: [visit(0), 7] }],
      ['a bad mutation early in a long batch', { deviceId: DEVICE, mutations: [visit(0), 7, ...visits(300), 8] }],
      ['a bad device id and good mutations', { deviceId: 'phone', mutations: visits(3) }],
      ['an unknown key beside good mutations', { deviceId: DEVICE, mutations: visits(3), extra: true }],
      ['a body that is a list', [{ deviceId: DEVICE, mutations: visits(1) }]],
      ['mutations that are no list', { deviceId: DEVICE, mutations: 'all of them' }],
      ['no mutations', { deviceId: DEVICE }],
      ['a body that is null', null],
      ['a body that is a string', 'push'],
    ];
    for (const [what, body] of bodies) {
      const error = await refusal(validatePush(structuredClone(body)));
      expect({ status: error.status, code: error.code, message: error.message, field: error.field }, what).toEqual(
        wholeBodyRefusal(body),
      );
    }
  });

  it('keeps the checks that follow the parse, naming the mutation at fault', async () => {
    const mutations = visits(6);
    mutations[4] = { ...visit(4), hlc: formatHlc({ millis: Date.now(), counter: 4, node: 'ffffffffffffffff' }) };
    const error = await refusal(validatePush({ deviceId: DEVICE, mutations }));
    expect([error.status, error.field]).toEqual([422, 'mutations[4].hlc']);
    expect(error.message).toContain("the stamp's device id must be the pushing device's");
  });

  it('gives the loop turns while it works, and returns what the schema parses', async () => {
    const body = { deviceId: DEVICE, mutations: visits(40) };
    const loop = countTurns();
    // A budget of nothing: a pause at every mutation, twice (the parse, then the checks).
    const sliced = await validatePush(structuredClone(body), new TimeSlice(0));
    loop.stop();
    expect(loop.turns()).toBeGreaterThanOrEqual(80);

    const whole = await validatePush(structuredClone(body), new TimeSlice(60_000));
    expect(sliced).toEqual(whole);
    expect(sliced.mutations.map((mutation) => mutation.id)).toEqual(body.mutations.map((mutation) => mutation.id));
  });
});
