/**
 * Words for everything the server can refuse and every way a field can be wrong, so that a field
 * worker reads "情况记录最多 2000 字", never the server's developer message.
 */
import type { MutationRefusal, RequestRefusal } from '../../shared/refusals.ts';
import type { ProblemKind } from '../../shared/tables/problems.ts';

export type RefusalCode = MutationRefusal | RequestRefusal;

/**
 * {field} names the field to blame (or the record, where none is), {record} the kind of record,
 * {subject} what an event acts on (an issue, a micro-wish, a project).
 */
export const zhRefusals: Record<RefusalCode, string> = {
  out_of_scope: '这条{record}已不在你负责的范围内（可能调整到了别的网格或楼栋），这次修改没有被接受。',
  forbidden: '你的账号没有权限修改这条{record}。',
  append_only: '{record}保存后不能再修改或删除。',
  illegal_transition: '这个{subject}现在的状态不能这样处理（可能已有人处理过），请看最新状态后再操作。',
  status_by_event: '问题的状态和承办人只能通过“受理、指派、办结”等操作改变。',
  unknown_parent: '这条{record}所属的{field}不存在或已删除，请重新选择。',
  incomplete: '{field}没有填写完整或不符合要求。',
  record_deleted: '这条{record}已被删除，修改没有保存。',
  unknown_assignee: '指派的人不存在、已停用，或看不到这个问题，请重新选择。',
  already_claimed: '这个微心愿已经有人先认领了，你这次的认领没有生效。请看现在的认领方。',
  unknown_claimant: '选择的认领党员或共建单位不存在或已删除，请重新选择。',
  malformed: '手机发出的数据不完整，请稍后再同步。',
  unauthenticated: '登录已过期，请重新登录后继续同步。',
  bad_credentials: '用户名或密码不正确。',
  not_found: '服务器上没有找到这项内容。',
  conflict: '这项内容已被别人改过，请刷新后再试。',
  too_large: '{record}内容太多（照片或文字过大），无法上传，请删减后再保存。',
  invalid: '{field}不符合要求。',
  hash_mismatch: '照片在上传途中损坏，手机会重新上传。',
  unsupported_media_type: '照片格式不对，无法上传，请重新拍一张。',
  clock_skew: '手机时间不准，请在设置中校正时间后再同步。',
  too_many_requests: '尝试次数太多，请稍后再试。',
  busy: '服务器正忙，稍后会自动重试，记录不会丢失。',
};

export const enRefusals: Record<RefusalCode, string> = {
  out_of_scope:
    'This {record} is no longer in your area (it may have moved to another grid or building); the change was not accepted.',
  forbidden: 'Your account may not change this {record}.',
  append_only: 'A {record} cannot be changed or deleted once saved.',
  illegal_transition:
    'This {subject} cannot be handled this way in its current state (someone may have acted already); check its latest state.',
  status_by_event: "An issue's state and assignee change only through actions such as accept, assign and resolve.",
  unknown_parent: 'The {field} this {record} belongs to does not exist or was deleted; choose again.',
  incomplete: '{field} is missing or not as required.',
  record_deleted: 'This {record} was deleted; the change was not saved.',
  unknown_assignee: 'The person chosen does not exist, is switched off, or cannot see this issue; choose again.',
  already_claimed: 'Someone claimed this micro-wish first; your claim did not take effect. See who has it now.',
  unknown_claimant: 'The party member or co-building unit chosen does not exist or was deleted; choose again.',
  malformed: 'The phone sent incomplete data; sync again later.',
  unauthenticated: 'Your sign-in has expired: sign in again to keep syncing.',
  bad_credentials: 'Wrong username or password.',
  not_found: 'The server has no such item.',
  conflict: 'Someone else changed this; reload and try again.',
  too_large: 'This {record} is too large to upload (photos or text); trim it and save again.',
  invalid: '{field} is not as required.',
  hash_mismatch: 'A photo was damaged on the way; the phone sends it again.',
  unsupported_media_type: 'Only JPEG or WebP photos can be uploaded.',
  clock_skew: "This phone's clock is wrong: correct the time in settings, then sync.",
  too_many_requests: 'Too many attempts; try again later.',
  busy: 'The server is busy; the phone retries by itself and keeps your records.',
};

/** {field} the field's name, {limit} the limit broken. */
export const zhProblems: Record<ProblemKind, string> = {
  required: '请填写{field}',
  too_long: '{field}最多 {limit} 字',
  too_many: '{field}最多 {limit} 项',
  too_big: '{field}不能大于 {limit}',
  too_small: '{field}不能小于 {limit}',
  not_allowed: '{field}只能从列出的选项中选择',
  bad_format: '{field}的格式不对',
  unknown_field: '{field}不是这类记录能填写的内容',
};

export const enProblems: Record<ProblemKind, string> = {
  required: '{field} is required',
  too_long: '{field}: at most {limit} characters',
  too_many: '{field}: at most {limit} items',
  too_big: '{field} cannot be more than {limit}',
  too_small: '{field} cannot be less than {limit}',
  not_allowed: '{field}: choose one of the options listed',
  bad_format: '{field} is not in the right format',
  unknown_field: '{field} is not something this kind of record holds',
};
