/** Table types of the server database, as Kysely sees them. */
import type { Generated } from 'kysely';

export interface RecordsTable {
  tbl: string;
  id: string;
  /** The full current record as JSON (without the envelope's derived columns). */
  data: string;
  /** JSON map field → HLC of its last accepted write, for field-level LWW. */
  field_hlcs: string;
  updated_at: string;
  deleted: number;
  /** Server sequence of the record's latest change: pull order. */
  seq: number;
  community_id: string;
  compound_id: string | null;
  building_id: string | null;
  grid_id: string | null;
  /** The id of the record's parent (shared/tables: its descriptor's parent field). */
  parent_id: string | null;
}

/** A record that left a place: devices of that place pull a change that drops it. */
export interface DeparturesTable {
  seq: number;
  tbl: string;
  record_id: string;
  hlc: string;
  community_id: string | null;
  compound_id: string | null;
  building_id: string | null;
  grid_id: string | null;
}

/** Every mutation ever answered: the idempotency key and the audit log in one. */
export interface MutationsTable {
  id: string;
  device_id: string;
  user_id: string;
  tbl: string;
  record_id: string;
  op: string;
  hlc: string;
  result: string;
  received_at: string;
  /** The change sequence's number when it was answered: the order of the server's answers. */
  seq: number | null;
}

export interface ConflictsTable {
  id: Generated<number>;
  tbl: string;
  record_id: string;
  field: string;
  kept_value: string;
  kept_hlc: string;
  lost_value: string;
  lost_hlc: string;
  /** For a set-valued field: the element (JSON) whose presence was decided. */
  element: string | null;
  mutation_id: string;
  device_id: string;
  user_id: string;
  community_id: string;
  created_at: string;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  role: string;
  place_level: string;
  place_id: string;
  password_hash: string;
  created_at: string;
  /** 0 once an administrator switched the account off: it can neither sign in nor keep a session. */
  active: Generated<number>;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

/** A photo's bytes, once, by their SHA-256. */
export interface BlobsTable {
  hash: string;
  type: string;
  size: number;
  bytes: Uint8Array;
  created_at: string;
}

/** Which records name a photo: who may read it follows from who may see them. */
export interface BlobRefsTable {
  hash: string;
  tbl: string;
  record_id: string;
}

/** A failed sign-in: counted per username and address, and per address (server/auth/login-limiter.ts). */
export interface LoginFailuresTable {
  username: string;
  address: string;
  at: number;
}

/** A username that signed in from an address before: not held back by that address's limit. */
export interface KnownSignInsTable {
  username: string;
  address: string;
  last_at: number;
}

/** Who did what, append-only: sign-ins, exports, administration. */
export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  action: string;
  user_id: string | null;
  username: string | null;
  community_id: string | null;
  address: string | null;
  target: string | null;
  detail: string | null;
}

/**
 * Each (community, household)'s latest live visit, kept by triggers (migrations/0016): never
 * written by our code, read by the district report.
 */
export interface HouseholdVisitsTable {
  community_id: string;
  household_id: string;
  /** The latest visit's instant, UTC ISO text with milliseconds. */
  last_visit_at: string;
  /** 1 when the household is in this community and not deleted. */
  live: number;
  /** 1 when it has a care tag. */
  care: number;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface Database {
  records: RecordsTable;
  departures: DeparturesTable;
  mutations: MutationsTable;
  conflicts: ConflictsTable;
  users: UsersTable;
  sessions: SessionsTable;
  meta: MetaTable;
  blobs: BlobsTable;
  blob_refs: BlobRefsTable;
  login_failures: LoginFailuresTable;
  known_sign_ins: KnownSignInsTable;
  audit_log: AuditLogTable;
  household_visits: HouseholdVisitsTable;
}
