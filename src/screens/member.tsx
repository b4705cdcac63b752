/**
 * A party member: add or edit (kind, role in the group, public pledge, duty shifts at the service
 * station), move to another group, retire, and the volunteer hours they gave, activity by activity.
 */
import { useState } from 'preact/hooks';
import { GROUP_ROLES, type GroupRole, MEMBER_KINDS, type MemberKind } from '../../shared/domain.ts';
import { Choices, FieldError, toggled, useForm } from '../components/form.tsx';
import { Refusal, StateBadge } from '../components/state-badge.tsx';
import { useLive } from '../db/live.ts';
import { allPartners } from '../db/partners.ts';
import {
  addMember,
  editMember,
  groupsForMembers,
  hoursOf,
  logHours,
  memberById,
  orgById,
  type PartyMemberRecord,
  retireMember,
} from '../db/roster.ts';
import { localDay } from '../db/round.ts';
import { deviceNow } from '../db/write.ts';
import { useI18n } from '../i18n/index.ts';
import { href, navigate } from '../router.ts';
import { useApp } from '../session.ts';

/** Shifts at the compound's service station: a day and a half-day, fourteen a week. */
const SHIFTS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'].flatMap((day) => [`${day}上午`, `${day}下午`]);

function MemberForm({ member, orgId }: { member: PartyMemberRecord | undefined; orgId: string }) {
  const { t, term, fieldName } = useI18n();
  const { device, requestSync } = useApp();
  const form = useForm('partyMembers');
  const groups = useLive(() => groupsForMembers(device), [device], []);
  const [name, setName] = useState(member?.name ?? '');
  const [phone, setPhone] = useState(member?.phone ?? '');
  const [kind, setKind] = useState<MemberKind | null>(member?.kind ?? null);
  const [groupRole, setGroupRole] = useState<GroupRole>(member?.groupRole ?? 'member');
  const [pledge, setPledge] = useState(member?.pledge ?? '');
  const [shifts, setShifts] = useState<string[]>(member?.dutyShifts ?? []);
  const [group, setGroup] = useState(member?.orgId ?? orgId);
  const [employerId, setEmployerId] = useState(member?.employerId ?? '');
  const partners = useLive(() => allPartners(device), [device], []);

  const save = (event: Event) =>
    form.submit(event, async () => {
      const fields = {
        name,
        phone: phone.trim() || null,
        kind: kind as MemberKind,
        groupRole,
        pledge,
        dutyShifts: shifts,
        orgId: group,
        // The unit an in-service member works at: their hours count for it too.
        employerId: kind === 'in_service' ? employerId || null : (member?.employerId ?? null),
      };
      const saved = member ? await editMember(device, member.id, fields) : await addMember(device, fields);
      requestSync();
      navigate({ name: 'member', id: saved.id });
    });

  return (
    <form onSubmit={save} ref={form.formRef} noValidate data-testid="member-form">
      <label>
        {fieldName('partyMembers', 'name')}
        <input name="name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <FieldError field="name" errors={form.errors} />
      <label>
        {fieldName('partyMembers', 'phone')}
        <input name="phone" type="tel" inputMode="tel" value={phone} onInput={(e) => setPhone(e.currentTarget.value)} />
      </label>
      <FieldError field="phone" errors={form.errors} />
      <fieldset>
        <legend>{fieldName('partyMembers', 'kind')}</legend>
        <FieldError field="kind" errors={form.errors} />
        <Choices
          values={MEMBER_KINDS}
          chosen={kind ? [kind] : []}
          label={(v) => term('memberKind', v)}
          onToggle={setKind}
        />
      </fieldset>
      {kind === 'in_service' && (
        <label>
          {fieldName('partyMembers', 'employerId')}
          <select name="employer" value={employerId} onChange={(e) => setEmployerId(e.currentTarget.value)}>
            <option value="">{t('employerNotRecorded')}</option>
            {partners.map((partner) => (
              <option key={partner.id} value={partner.id}>
                {partner.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <fieldset>
        <legend>{fieldName('partyMembers', 'groupRole')}</legend>
        <Choices
          small
          values={GROUP_ROLES}
          chosen={[groupRole]}
          label={(v) => term('groupRole', v)}
          onToggle={setGroupRole}
        />
      </fieldset>
      <label>
        {fieldName('partyMembers', 'orgId')}
        <select name="group" value={group} onChange={(e) => setGroup(e.currentTarget.value)}>
          {groups.map((org) => (
            <option key={org.id} value={org.id}>
              {org.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {fieldName('partyMembers', 'pledge')}
        <textarea name="pledge" rows={2} value={pledge} onInput={(e) => setPledge(e.currentTarget.value)} />
      </label>
      <FieldError field="pledge" errors={form.errors} />
      <fieldset>
        <legend>{fieldName('partyMembers', 'dutyShifts')}</legend>
        <Choices
          small
          values={SHIFTS}
          chosen={shifts}
          label={(v) => v}
          onToggle={(v) => setShifts(toggled(shifts, v))}
        />
      </fieldset>
      <button type="submit" class="primary sticky-save" disabled={form.saving}>
        {form.saving ? t('saving') : t('save')}
      </button>
    </form>
  );
}

function Hours({ member }: { member: PartyMemberRecord }) {
  const { t, formatDate, fieldName } = useI18n();
  const { device, user, requestSync } = useApp();
  const logs = useLive(() => hoursOf(device, member.id), [device, member.id], []);
  const form = useForm('volunteerLogs');
  const [date, setDate] = useState(localDay(deviceNow(device)));
  const [hours, setHours] = useState('');
  const [activity, setActivity] = useState('');
  const total = (member.volunteerHours ?? 0) + logs.reduce((sum, log) => sum + log.hours, 0);

  const save = (event: Event) =>
    form.submit(event, async () => {
      await logHours(device, member, user.id, { date, hours: Number(hours), activity });
      setHours('');
      setActivity('');
      requestSync();
    });

  return (
    <section>
      <h2 data-testid="hours-total">{t('hoursTotal', { hours: total })}</h2>
      <ul class="list" data-testid="volunteer-logs">
        {logs.length === 0 && <li class="empty">{t('noHoursYet')}</li>}
        {logs.map((log) => (
          <li key={log.id} class="row">
            <span class="row-title">
              {log.activity} · {t('hoursShort', { hours: log.hours })}
            </span>
            <span class="row-meta">
              {formatDate(log.date)}
              {log.syncState !== 'synced' && <StateBadge state={log.syncState} />}
              <Refusal table="volunteerLogs" record={log} />
            </span>
          </li>
        ))}
      </ul>
      <form onSubmit={save} ref={form.formRef} noValidate class="inline-form">
        <label>
          {fieldName('volunteerLogs', 'activity')}
          <input name="activity" value={activity} onInput={(e) => setActivity(e.currentTarget.value)} />
        </label>
        <FieldError field="activity" errors={form.errors} />
        <div class="two">
          <label>
            {fieldName('volunteerLogs', 'date')}
            <input name="date" type="date" value={date} onInput={(e) => setDate(e.currentTarget.value)} />
          </label>
          <label>
            {fieldName('volunteerLogs', 'hours')}
            <input
              name="hours"
              type="number"
              inputMode="decimal"
              step="0.5"
              value={hours}
              onInput={(e) => setHours(e.currentTarget.value)}
            />
          </label>
        </div>
        <FieldError field="date" errors={form.errors} />
        <FieldError field="hours" errors={form.errors} />
        <button type="submit" class="secondary" disabled={form.saving}>
          + {t('logHours')}
        </button>
      </form>
    </section>
  );
}

export function Member({ id, orgId }: { id?: string; orgId?: string }) {
  const { t, term, fieldName } = useI18n();
  const { device, requestSync } = useApp();
  const member = useLive(async () => (id ? ((await memberById(device, id)) ?? null) : null), [device, id], null);
  const org = useLive(
    async () => {
      const group = member?.orgId ?? orgId;
      return group ? ((await orgById(device, group)) ?? null) : null;
    },
    [device, member?.orgId, orgId],
    null,
  );
  const [editing, setEditing] = useState(!id);
  if (id && !member) return <main class="empty">…</main>;
  const back = href(org ? { name: 'roster', orgId: org.id } : { name: 'roster' });
  if (!member || editing) {
    return (
      <main>
        <a class="back" href={back}>
          ‹ {t('cancel')}
        </a>
        <h1>{member ? t('editMember', { name: member.name }) : t('addMember')}</h1>
        <MemberForm member={member ?? undefined} orgId={member?.orgId ?? orgId ?? ''} />
      </main>
    );
  }
  return (
    <main>
      <a class="back" href={back}>
        ‹ {t('back')}
      </a>
      <h1>{member.name}</h1>
      <dl class="facts">
        <dt>{fieldName('partyMembers', 'orgId')}</dt>
        <dd>{org?.name ?? '—'}</dd>
        <dt>{fieldName('partyMembers', 'kind')}</dt>
        <dd>{term('memberKind', member.kind)}</dd>
        <dt>{fieldName('partyMembers', 'groupRole')}</dt>
        <dd>{term('groupRole', member.groupRole)}</dd>
        {member.pledge && (
          <>
            <dt>{fieldName('partyMembers', 'pledge')}</dt>
            <dd>{member.pledge}</dd>
          </>
        )}
        {(member.dutyShifts ?? []).length > 0 && (
          <>
            <dt>{fieldName('partyMembers', 'dutyShifts')}</dt>
            <dd>{(member.dutyShifts ?? []).join('、')}</dd>
          </>
        )}
        {member.retired && (
          <>
            <dt>{fieldName('partyMembers', 'retired')}</dt>
            <dd>{t('retired')}</dd>
          </>
        )}
      </dl>
      <Refusal table="partyMembers" record={member} />
      <button type="button" class="secondary" onClick={() => setEditing(true)} data-testid="edit-member">
        {t('edit')}
      </button>
      <button
        type="button"
        class="secondary"
        onClick={() => {
          void retireMember(device, member.id, !member.retired).then(requestSync);
        }}
      >
        {member.retired ? t('unretire') : t('retire')}
      </button>
      <Hours member={member} />
    </main>
  );
}
