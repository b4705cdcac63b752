/** The desk pages' requests to the server: lists, figures, accounts, imports and exports. */
import type {
  Account,
  BrowseFilters,
  BrowseResponse,
  BrowseTable,
  CreateUserRequest,
  ImportKind,
  ImportReport,
  MemberHours,
  Overview,
  QuarterlyReport,
  ServiceFigures,
  UpdateUserRequest,
} from '../../shared/desk-messages.ts';
import type { PlaceLevel, Role } from '../../shared/domain.ts';
import { type FetchLike, OfflineError, requestJson, ServerError } from '../sync/transport.ts';

const fetchPage: FetchLike = (url, init) => fetch(url, init);

function get<T>(path: string): Promise<T> {
  return requestJson<T>(fetchPage, path, { method: 'GET' });
}

function send<T>(method: string, path: string, body?: unknown): Promise<T> {
  return requestJson<T>(fetchPage, path, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
}

/** Only the filters that are set, as a query string. */
export function filterQuery(
  filters: (Partial<BrowseFilters> & { offset?: number; limit?: number }) | { quarter?: string; placeId?: string },
): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  return query.toString();
}

export function browseList(
  table: BrowseTable,
  filters: Partial<BrowseFilters> & { offset?: number; limit?: number },
): Promise<BrowseResponse> {
  return get(`/api/browse/${table}?${filterQuery(filters)}`);
}

export function overview(query: { from?: string; to?: string; placeId?: string }): Promise<Overview> {
  return get(`/api/reports/overview?${filterQuery(query)}`);
}

export function serviceFigures(query: { from?: string; to?: string }): Promise<ServiceFigures> {
  return get(`/api/reports/service?${filterQuery(query)}`);
}

export function memberHours(query: { from?: string; to?: string }): Promise<MemberHours> {
  return get(`/api/reports/member-hours?${filterQuery(query)}`);
}

/** The workbook of the members' hours: a plain link, the browser saves the file it answers. */
export function memberHoursWorkbookUrl(query: { from?: string; to?: string }): string {
  return `/api/reports/member-hours.xlsx?${filterQuery(query)}`;
}

export function quarterlyReport(query: { quarter?: string; placeId?: string }): Promise<QuarterlyReport> {
  return get(`/api/reports/quarterly?${filterQuery(query)}`);
}

export function quarterlyWorkbookUrl(query: { quarter?: string; placeId?: string }): string {
  return `/api/reports/quarterly.xlsx?${filterQuery(query)}`;
}

export interface Person {
  id: string;
  displayName: string;
  role: Role;
  place: { level: PlaceLevel; id: string };
  active: boolean;
}

export async function people(): Promise<Person[]> {
  return (await get<{ people: Person[] }>('/api/desk/people')).people;
}

export interface ConflictEntry {
  id: number;
  table: string;
  recordId: string;
  field: string;
  kept: { value: unknown; hlc: string };
  lost: { value: unknown; hlc: string };
  deviceId: string;
  userId: string;
  userName: string;
  /** The record in a few words: a room and its head, a name, a title. */
  recordLabel: string;
  at: string;
}

export async function conflicts(filters: {
  table?: string;
  userId?: string;
  from?: string;
  to?: string;
}): Promise<ConflictEntry[]> {
  return (await get<{ conflicts: ConflictEntry[] }>(`/api/conflicts?${filterQuery({ ...filters, limit: 500 })}`))
    .conflicts;
}

export interface AuditEntry {
  id: number;
  at: string;
  action: string;
  userId: string | null;
  username: string | null;
  address: string | null;
  target: string | null;
  detail: Record<string, unknown> | null;
}

export async function auditLog(action?: string): Promise<AuditEntry[]> {
  const query = new URLSearchParams({ limit: '500', ...(action ? { action } : {}) });
  return (await get<{ entries: AuditEntry[] }>(`/api/audit?${query}`)).entries;
}

export async function accounts(): Promise<Account[]> {
  return (await get<{ users: Account[] }>('/api/admin/users')).users;
}

export function createAccount(request: CreateUserRequest): Promise<{ user: Account; password: string }> {
  return send('POST', '/api/admin/users', request);
}

export async function updateAccount(id: string, changes: UpdateUserRequest): Promise<Account> {
  return (await send<{ user: Account }>('PATCH', `/api/admin/users/${id}`, changes)).user;
}

export async function resetPassword(id: string): Promise<string> {
  return (await send<{ password: string }>('POST', `/api/admin/users/${id}/password`)).password;
}

export function templateUrl(kind: ImportKind): string {
  return `/api/import/${kind}/template.xlsx`;
}

export function importRoster(kind: ImportKind, file: File, dryRun: boolean): Promise<ImportReport> {
  const csv = /\.csv$/i.test(file.name) || file.type === 'text/csv';
  return requestJson<ImportReport>(fetchPage, `/api/import/${kind}${dryRun ? '?dryRun=1' : ''}`, {
    method: 'POST',
    headers: {
      'content-type': csv ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    },
    body: file,
  });
}

export interface ExportProgress {
  /** Rows the export holds (from the server's count), and how many have arrived (CSV only). */
  rows: number;
  done: number | null;
  bytes: number;
}

/**
 * Downloads an export, telling how far it has come, and hands it to the browser as a file. CSV
 * progress counts the lines that arrived; XLSX (compressed) can only count bytes.
 */
export async function downloadExport(
  table: BrowseTable,
  format: 'xlsx' | 'csv',
  filters: Partial<BrowseFilters>,
  onProgress: (progress: ExportProgress) => void,
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`/api/export/${table}.${format}?${filterQuery(filters)}`, { credentials: 'same-origin' });
  } catch (error) {
    throw new OfflineError(error);
  }
  if (!response.ok || !response.body) {
    const body = (await response.json().catch(() => undefined)) as
      | { error?: { code: string; message: string } }
      | undefined;
    throw new ServerError(response.status, body?.error?.code ?? 'server_error', body?.error?.message ?? '');
  }
  const rows = Number(response.headers.get('x-export-rows') ?? 0);
  const name = /filename\*=UTF-8''([^;]+)/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let lines = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    bytes += value.length;
    if (format === 'csv') for (const byte of value) if (byte === 0x0a) lines++;
    onProgress({ rows, done: format === 'csv' ? Math.max(0, lines - 1) : null, bytes });
  }
  const url = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: response.headers.get('content-type') ?? '' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name ? decodeURIComponent(name) : `${table}.${format}`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
