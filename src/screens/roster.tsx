/** The party organisation within the user's place: 社区党总支 → 小区党支部 → 楼栋党小组, and each group's members. */

import { StateBadge } from '../components/state-badge.tsx';
import { useLive } from '../db/live.ts';
import { membersOf, type OrgNode, orgById, orgTree, retiredMembersOf } from '../db/roster.ts';
import { useI18n } from '../i18n/index.ts';
import { href } from '../router.ts';
import { useApp } from '../session.ts';

function Tree({ nodes }: { nodes: OrgNode[] }) {
  const { t, term } = useI18n();
  return (
    <ul class="tree">
      {nodes.map((node) => (
        <li key={node.org.id}>
          <a class="row" href={href({ name: 'roster', orgId: node.org.id })}>
            <span class="row-title">{node.org.name}</span>
            <span class="row-meta">
              {term('orgLevel', node.org.level)} · {t('membersCount', { count: node.members })}
            </span>
          </a>
          {node.children.length > 0 && <Tree nodes={node.children} />}
        </li>
      ))}
    </ul>
  );
}

function Organisation({ orgId }: { orgId: string }) {
  const { t, term } = useI18n();
  const { device } = useApp();
  const data = useLive(
    async () => ({
      org: await orgById(device, orgId),
      members: await membersOf(device, orgId),
      retired: await retiredMembersOf(device, orgId),
    }),
    [device, orgId],
    { org: undefined, members: [], retired: [] },
  );
  const row = (member: (typeof data.members)[number]) => (
    <li key={member.id}>
      <a class="row" href={href({ name: 'member', id: member.id })}>
        <span class="row-title">{member.name}</span>
        <span class="row-meta">
          {term('groupRole', member.groupRole)} · {term('memberKind', member.kind)}
          {member.syncState !== 'synced' && <StateBadge state={member.syncState} />}
        </span>
      </a>
    </li>
  );
  return (
    <main>
      <a class="back" href={href({ name: 'roster' })}>
        ‹ {t('back')}
      </a>
      <h1>{data.org?.name ?? ''}</h1>
      {data.org && <p class="hint">{term('orgLevel', data.org.level)}</p>}
      <a class="button primary" href={href({ name: 'member', orgId })} data-testid="add-member">
        + {t('addMember')}
      </a>
      <h2>{t('membersCount', { count: data.members.length })}</h2>
      <ul class="list" data-testid="party-members">
        {data.members.length === 0 && <li class="empty">{t('noMembers')}</li>}
        {data.members.map(row)}
      </ul>
      {data.retired.length > 0 && (
        <details>
          <summary>{t('retiredCount', { count: data.retired.length })}</summary>
          <ul class="list">{data.retired.map(row)}</ul>
        </details>
      )}
    </main>
  );
}

export function Roster({ orgId }: { orgId?: string }) {
  const { t } = useI18n();
  const { device } = useApp();
  const tree = useLive(() => orgTree(device), [device], []);
  if (orgId) return <Organisation orgId={orgId} />;
  return (
    <main>
      <a class="back" href={href({ name: 'home' })}>
        ‹ {t('back')}
      </a>
      <h1>{t('roster')}</h1>
      {tree.length === 0 ? <p class="empty">{t('noData')}</p> : <Tree nodes={tree} />}
    </main>
  );
}
