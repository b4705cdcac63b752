/**
 * The simulation's oracle: who SHOULD win, computed on its own from every mutation the server
 * answered, in the order it answered them, with rules written here from design.md (not the
 * server's code):
 * - every field holds the value with the latest stamp; a set-valued field (care tags, duty
 *   shifts) holds, element by element, the presence with the latest stamp, a whole array asserting
 *   every element as of its stamp;
 * - an issue's status and assignee are the fold of its events in the order the server received
 *   them, each refused if the lifecycle or the actor's role forbids it;
 * - a delete is final.
 * The test compares the server's records, the server's verdicts on events, and every device with it.
 */
import type { Mutation } from '../../shared/sync-messages.ts';

type Json = unknown;
type Role = 'grid_worker' | 'building_lead' | 'supervisor' | 'admin';

/** design.md, "Issue lifecycle". */
const LIFECYCLE: Record<string, { from: string[]; to: string }> = {
  accept: { from: ['reported'], to: 'accepted' },
  start: { from: ['accepted', 'escalated'], to: 'in_progress' },
  escalate: { from: ['accepted', 'in_progress'], to: 'escalated' },
  resolve: { from: ['in_progress', 'escalated'], to: 'resolved' },
  close: { from: ['resolved'], to: 'closed' },
  reopen: { from: ['resolved', 'closed'], to: 'in_progress' },
};
const ASSIGNEE_MAY = ['start', 'resolve'];
const REPORTER_MAY = ['close', 'reopen'];
const EVENT_OWNED = ['status', 'assigneeId', 'dueOn'];
const SET_FIELDS: Record<string, string[]> = {
  households: ['tags'],
  residents: ['tags'],
  partyMembers: ['dutyShifts'],
};

interface FieldState {
  value: Json;
  hlc: string;
}

interface SetState {
  floor: string;
  elements: Map<string, { present: boolean; hlc: string }>;
}

export interface ModelRecord {
  table: string;
  id: string;
  fields: Map<string, FieldState>;
  sets: Map<string, SetState>;
  deleted: boolean;
}

export interface LogEntry {
  userId: string;
  id: string;
  table: string;
  recordId: string;
  op: string;
  hlc: string;
  status: 'accepted' | 'merged' | 'rejected';
}

export interface Verdict {
  mutationId: string;
  issueId: string;
  expected: 'accepted' | 'rejected';
  server: 'accepted' | 'rejected';
  what: string;
}

const key = (table: string, id: string) => `${table}:${id}`;

function name(element: Json): string {
  return typeof element === 'string' ? element : JSON.stringify(element);
}

export class Oracle {
  readonly records = new Map<string, ModelRecord>();
  readonly verdicts: Verdict[] = [];

  constructor(private readonly roles: ReadonlyMap<string, Role>) {}

  /** The seeded state the run started from. */
  seed(table: string, id: string, data: Record<string, Json>, stamps: Record<string, string>, deleted: boolean): void {
    const record: ModelRecord = { table, id, fields: new Map(), sets: new Map(), deleted };
    for (const [field, value] of Object.entries(data)) {
      if (SET_FIELDS[table]?.includes(field)) {
        const elements = new Map<string, { present: boolean; hlc: string }>();
        for (const [stampKey, hlc] of Object.entries(stamps)) {
          if (stampKey.startsWith(`${field}:`)) elements.set(stampKey.slice(field.length + 1), { present: false, hlc });
        }
        for (const element of (value as Json[]) ?? []) {
          elements.set(name(element), {
            present: true,
            hlc: stamps[`${field}:${name(element)}`] ?? stamps[field] ?? '',
          });
        }
        record.sets.set(field, { floor: stamps[field] ?? '', elements });
      } else {
        record.fields.set(field, { value, hlc: stamps[field] ?? '' });
      }
    }
    this.records.set(key(table, id), record);
  }

  private applySet(record: ModelRecord, field: string, value: Json, hlc: string): void {
    const set = record.sets.get(field) ?? { floor: '', elements: new Map() };
    record.sets.set(field, set);
    const stampOf = (element: string) => set.elements.get(element)?.hlc ?? set.floor;
    const decide = (element: string, present: boolean) => {
      if (hlc > stampOf(element)) set.elements.set(element, { present, hlc });
    };
    if (Array.isArray(value)) {
      const target = new Set(value.map(name));
      for (const element of new Set([...set.elements.keys(), ...target])) decide(element, target.has(element));
      if (hlc > set.floor) set.floor = hlc;
    } else {
      const delta = value as { add?: Json[]; remove?: Json[] };
      for (const element of delta.add ?? []) decide(name(element), true);
      for (const element of delta.remove ?? []) decide(name(element), false);
    }
  }

  private applyPut(entry: LogEntry, mutation: Mutation): void {
    const existing = this.records.get(key(entry.table, entry.recordId));
    const record = existing ?? {
      table: entry.table,
      id: entry.recordId,
      fields: new Map(),
      sets: new Map(),
      deleted: false,
    };
    this.records.set(key(entry.table, entry.recordId), record);
    for (const [field, value] of Object.entries(mutation.fields ?? {})) {
      // Event-owned fields are set by events alone; a creating put names their first value.
      if (entry.table === 'issues' && EVENT_OWNED.includes(field) && existing) continue;
      if (SET_FIELDS[entry.table]?.includes(field)) {
        this.applySet(record, field, value, entry.hlc);
        continue;
      }
      const stored = record.fields.get(field);
      if (!stored || entry.hlc > stored.hlc) record.fields.set(field, { value, hlc: entry.hlc });
    }
  }

  private fieldOf(table: string, id: string, field: string): Json {
    return this.records.get(key(table, id))?.fields.get(field)?.value;
  }

  /** Decides an issue event the way the lifecycle says, and folds it in if allowed. */
  private applyEvent(entry: LogEntry, mutation: Mutation): 'accepted' | 'rejected' {
    const event = mutation.fields as Record<string, Json>;
    const issueId = String(event.issueId);
    const issue = this.records.get(key('issues', issueId));
    if (!issue || issue.deleted) return 'rejected';
    const role = this.roles.get(entry.userId);
    const supervising = role === 'supervisor' || role === 'admin';
    const status = String(issue.fields.get('status')?.value);
    const set = (field: string, value: Json) => issue.fields.set(field, { value, hlc: entry.hlc });
    if (event.kind === 'action') {
      const action = String(event.action);
      const isAssignee = issue.fields.get('assigneeId')?.value === entry.userId;
      const isReporter = issue.fields.get('reporterId')?.value === entry.userId;
      const may =
        supervising || (isAssignee && ASSIGNEE_MAY.includes(action)) || (isReporter && REPORTER_MAY.includes(action));
      const rule = LIFECYCLE[action];
      if (!may || !rule?.from.includes(status)) return 'rejected';
      set('status', rule.to);
      return 'accepted';
    }
    if (event.kind === 'assign') {
      if (!supervising) return 'rejected';
      set('assigneeId', event.assigneeId ?? null);
      return 'accepted';
    }
    return 'accepted';
  }

  /** Folds the server's log, in the order it answered. */
  fold(log: readonly LogEntry[], sent: ReadonlyMap<string, { mutation: Mutation }>): void {
    for (const entry of log) {
      const mutation = sent.get(`${entry.userId}:${entry.id}`)?.mutation;
      if (!mutation) throw new Error(`the server answered ${entry.id}, which no device sent`);
      if (
        entry.table === 'issueEvents' &&
        entry.op === 'put' &&
        !this.records.has(key('issueEvents', entry.recordId))
      ) {
        const expected = this.applyEvent(entry, mutation);
        const server = entry.status === 'rejected' ? 'rejected' : 'accepted';
        this.verdicts.push({
          mutationId: entry.id,
          issueId: String((mutation.fields as Record<string, Json>).issueId),
          expected,
          server,
          what: `${(mutation.fields as Record<string, Json>).kind} ${(mutation.fields as Record<string, Json>).action ?? ''} by ${this.roles.get(entry.userId)}`,
        });
        if (expected === 'rejected' || server === 'rejected') continue;
      }
      if (entry.status === 'rejected') continue;
      if (entry.op === 'delete') {
        const record = this.records.get(key(entry.table, entry.recordId));
        if (record) record.deleted = true;
        continue;
      }
      this.applyPut(entry, mutation);
    }
  }

  /** What a record should hold now, as the wire shows it (sets as sorted arrays). */
  expected(record: ModelRecord): Record<string, Json> {
    const data: Record<string, Json> = {};
    for (const [field, state] of record.fields) data[field] = state.value;
    for (const [field, set] of record.sets) {
      data[field] = [...set.elements]
        .filter(([, element]) => element.present)
        .map(([element]) => element)
        .sort();
    }
    return data;
  }

  field(table: string, id: string, field: string): Json {
    return this.fieldOf(table, id, field);
  }
}
