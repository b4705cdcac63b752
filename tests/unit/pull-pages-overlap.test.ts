/**
 * A pull asks for the next page while the one before is being written, so the server's and the
 * network's time overlap IndexedDB's; the pages are still written one after another, each with
 * its cursor, and a page that fails to be written stops the pull there: the cursor names the last
 * page written whole, and the page asked for ahead is dropped.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { formatHlc } from '../../shared/hlc.ts';
import type { PullResponse } from '../../shared/sync-messages.ts';
import { pullCursor } from '../../src/db/apply-server-changes.ts';
import { pullAndApply } from '../../src/sync/pull-and-apply.ts';
import type { Transport } from '../../src/sync/transport.ts';
import { demoHousehold, newDevice, serverHousehold, T0 } from './demo-fixtures.ts';

const hlc = (n: number) => formatHlc({ millis: T0 + n, counter: 0, node: 'fedcba9876543210' });

/** Three pages of two households each, after cursors "", "2", "4". */
function page(after: string | undefined): PullResponse {
  const first = Number(after ?? 0);
  const changes = [first, first + 1].map((index) => ({
    seq: index + 1,
    table: 'households' as const,
    recordId: demoHousehold(index).id,
    record: serverHousehold(index, hlc(index)),
    deleted: false,
    hlc: hlc(index),
  }));
  return { changes, cursor: String(first + 2), hasMore: first + 2 < 6 };
}

/** A server whose answers wait until let go, logging what was asked and when it was answered. */
function slowServer(log: string[], failAfter?: string) {
  const waiting: (() => void)[] = [];
  const transport: Transport = {
    push: () => Promise.reject(new Error('not pushed here')),
    pull: (cursor) => {
      log.push(`asked after ${cursor ?? 'start'}`);
      return new Promise((resolve, reject) => {
        waiting.push(() => {
          if (failAfter !== undefined && cursor === failAfter) reject(new Error('offline'));
          else resolve(page(cursor));
        });
      });
    },
  };
  const answerNext = () => waiting.shift()?.();
  return {
    transport,
    answerNext,
    get waiting() {
      return waiting.length;
    },
  };
}

describe('pulling pages', () => {
  it('asks for the next page before the one before is written, and writes them in order', async () => {
    const device = await newDevice();
    const log: string[] = [];
    const server = slowServer(log);
    const pulled = pullAndApply(device, server.transport, (done) => log.push(`wrote ${done}`));
    // Let the server answer whatever is asked, until the pull ends.
    let settled = false;
    pulled.finally(() => {
      settled = true;
    });
    for (let turns = 0; turns < 200 && !settled; turns++) {
      server.answerNext();
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(await pulled).toBe(6);
    // The second page was asked for before the first was written, the third before the second.
    expect(log).toEqual(['asked after start', 'asked after 2', 'wrote 2', 'asked after 4', 'wrote 4', 'wrote 6']);
    expect(await pullCursor(device)).toBe('6');
    expect(await device.db.households.count()).toBe(6);
  });

  it('stops at a page that fails, its cursor at the last page written whole', async () => {
    const device = await newDevice();
    const log: string[] = [];
    const server = slowServer(log, '4');
    const pulled = pullAndApply(device, server.transport);
    let outcome: unknown;
    pulled.then(
      () => {
        outcome = 'done';
      },
      (error: Error) => {
        outcome = error.message;
      },
    );
    for (let turns = 0; turns < 200 && outcome === undefined; turns++) {
      server.answerNext();
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(outcome).toBe('offline');
    expect(await pullCursor(device)).toBe('4');
    expect(await device.db.households.count()).toBe(4);
    expect(server.waiting).toBe(0);
  });
});
