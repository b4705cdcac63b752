/**
 * The projects list: projects matching listed needs to listed resources, with an owner and a due
 * date, moved from proposed to agreed (a supervisor's decision), in progress and done.
 */
import { useState } from 'preact/hooks';
import { type ProjectAction, projectActionsFor } from '../../shared/project-lifecycle.ts';
import { ActionButton, ActionPanel, useSaving } from '../components/actions.tsx';
import { FieldError, useForm } from '../components/form.tsx';
import { Refusal, StateBadge } from '../components/state-badge.tsx';
import { useLive } from '../db/live.ts';
import { peopleById } from '../db/people.ts';
import { placeNames } from '../db/places.ts';
import {
  eventsOfProject,
  type ProjectView,
  projectsList,
  projectView,
  proposeProject,
  recordProjectAction,
} from '../db/projects.ts';
import { resourcesList } from '../db/resources.ts';
import { needsList } from '../db/service-needs.ts';
import { useI18n } from '../i18n/index.ts';
import { href, navigate } from '../router.ts';
import { useApp } from '../session.ts';
import { PlacePicker } from './service-lists.tsx';

function ProjectStatus({ view }: { view: ProjectView }) {
  const { term } = useI18n();
  return (
    <span class={`status project-${view.status}`} data-testid="project-status">
      {term('projectStatus', view.status)}
    </span>
  );
}

export function ProjectList() {
  const { t, formatDate } = useI18n();
  const { device } = useApp();
  const projects = useLive(() => projectsList(device), [device], []);
  return (
    <main>
      <a class="back" href={href({ name: 'service', page: 'home' })}>
        ‹ {t('back')}
      </a>
      <h1>{t('projectsTitle')}</h1>
      <a class="button primary" href={href({ name: 'service', page: 'project-new' })} data-testid="add-project">
        {t('proposeProject')}
      </a>
      <ul class="list" data-testid="projects">
        {projects.length === 0 && <li class="empty">{t('noProjects')}</li>}
        {projects.map((view) => (
          <li key={view.project.id}>
            <a class="row" href={href({ name: 'service', page: 'project', id: view.project.id })}>
              <span class="row-title">{view.project.title}</span>
              <span class="row-meta">
                <ProjectStatus view={view} />
                <span>{view.project.owner}</span>
                {view.project.dueOn && <span>{t('dueBy', { date: formatDate(view.project.dueOn) })}</span>}
                {(view.pending || view.project.syncState !== 'synced') && (
                  <StateBadge state={view.pending ? 'pending' : view.project.syncState} />
                )}
                <Refusal table="projects" record={view.project} />
              </span>
            </a>
          </li>
        ))}
      </ul>
    </main>
  );
}

/** A list of things to tick: the needs a project answers, the resources it draws on. */
function Ticks({
  legend,
  items,
  chosen,
  onChange,
}: {
  legend: string;
  items: { id: string; label: string }[];
  chosen: string[];
  onChange: (ids: string[]) => void;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {items.map((item) => (
        <label key={item.id} class="check">
          <input
            type="checkbox"
            checked={chosen.includes(item.id)}
            onChange={() =>
              onChange(chosen.includes(item.id) ? chosen.filter((id) => id !== item.id) : [...chosen, item.id])
            }
          />
          {item.label}
        </label>
      ))}
    </fieldset>
  );
}

export function ProjectForm() {
  const { t, term, fieldName } = useI18n();
  const { device, user, requestSync } = useApp();
  const form = useForm('projects');
  const lists = useLive(
    async () => {
      const [needs, resources] = await Promise.all([needsList(device), resourcesList(device)]);
      return {
        needs: needs
          .filter((need) => !need.closed)
          .map((need) => ({ id: need.id, label: `${term('needKind', need.kind)}：${need.text}` })),
        resources: resources
          .filter((resource) => !resource.retired)
          .map((resource) => ({ id: resource.id, label: `${resource.name} · ${resource.offers}` })),
      };
    },
    [device],
    { needs: [], resources: [] },
  );
  const [placeId, setPlaceId] = useState(user.place.id);
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [description, setDescription] = useState('');
  const [needIds, setNeedIds] = useState<string[]>([]);
  const [resourceIds, setResourceIds] = useState<string[]>([]);
  const save = (event: Event) =>
    form.submit(event, async () => {
      const project = await proposeProject(
        device,
        {
          placeId,
          title,
          owner,
          needIds,
          resourceIds,
          dueOn: dueOn || null,
          ...(description.trim() ? { description } : {}),
        },
        user.id,
      );
      requestSync();
      navigate({ name: 'service', page: 'project', id: project.id });
    });
  return (
    <main>
      <a class="back" href={href({ name: 'service', page: 'projects' })}>
        ‹ {t('cancel')}
      </a>
      <h1>{t('proposeProject')}</h1>
      <form onSubmit={save} ref={form.formRef} noValidate data-testid="project-form">
        <label>
          {fieldName('projects', 'title')}
          <input name="title" value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
        </label>
        <FieldError field="title" errors={form.errors} />
        <PlacePicker value={placeId} onChange={setPlaceId} />
        <FieldError field="placeId" errors={form.errors} />
        <label>
          {fieldName('projects', 'owner')}
          <input name="owner" value={owner} onInput={(e) => setOwner(e.currentTarget.value)} />
        </label>
        <FieldError field="owner" errors={form.errors} />
        <label>
          {fieldName('projects', 'dueOn')}
          <input type="date" name="dueOn" value={dueOn} onInput={(e) => setDueOn(e.currentTarget.value)} />
        </label>
        <label>
          {fieldName('projects', 'description')}
          <textarea
            name="description"
            rows={3}
            value={description}
            onInput={(e) => setDescription(e.currentTarget.value)}
          />
        </label>
        <FieldError field="description" errors={form.errors} />
        {lists.needs.length > 0 && (
          <Ticks legend={fieldName('projects', 'needIds')} items={lists.needs} chosen={needIds} onChange={setNeedIds} />
        )}
        {lists.resources.length > 0 && (
          <Ticks
            legend={fieldName('projects', 'resourceIds')}
            items={lists.resources}
            chosen={resourceIds}
            onChange={setResourceIds}
          />
        )}
        <button type="submit" class="primary sticky-save" disabled={form.saving}>
          {form.saving ? t('saving') : t('save')}
        </button>
      </form>
    </main>
  );
}

export function Project({ id }: { id: string }) {
  const { t, term, fieldName, formatDate } = useI18n();
  const { device, user, requestSync } = useApp();
  const data = useLive(
    async () => {
      const view = await projectView(device, id);
      if (!view) return null;
      const [events, people, names, needs, resources] = await Promise.all([
        eventsOfProject(device, id),
        peopleById(device),
        placeNames(device),
        needsList(device),
        resourcesList(device),
      ]);
      return { view, events, people, names, needs, resources };
    },
    [device, id],
    null,
  );
  const [open, setOpen] = useState<ProjectAction | null>(null);
  const [note, setNote] = useState('');
  const { saving, save } = useSaving();
  if (!data) return <main class="empty">…</main>;
  const { view, events, people, names } = data;
  const { project } = view;
  const actions = projectActionsFor(view.status, { role: user.role, isProposer: project.proposedBy === user.id });
  const confirm = async () => {
    if (!open) return;
    await recordProjectAction(device, project, user.id, open, note);
    setOpen(null);
    setNote('');
    requestSync();
  };
  const needs = data.needs.filter((need) => project.needIds.includes(need.id));
  const resources = data.resources.filter((resource) => project.resourceIds.includes(resource.id));
  return (
    <main>
      <a class="back" href={href({ name: 'service', page: 'projects' })}>
        ‹ {t('back')}
      </a>
      <h1>{project.title}</h1>
      {events.some((event) => event.syncState === 'rejected') && (
        <p class="refusal-banner" role="alert" data-testid="refused-actions">
          {t('actionsRefused', { count: events.filter((event) => event.syncState === 'rejected').length })}
        </p>
      )}
      <dl class="facts">
        <dt>{fieldName('projects', 'status')}</dt>
        <dd>
          <ProjectStatus view={view} />
          {view.pending && <StateBadge state="pending" />}
        </dd>
        <dt>{fieldName('projects', 'placeId')}</dt>
        <dd>{names.get(project.placeId) ?? '—'}</dd>
        <dt>{fieldName('projects', 'owner')}</dt>
        <dd>{project.owner}</dd>
        <dt>{fieldName('projects', 'dueOn')}</dt>
        <dd>{project.dueOn ? formatDate(project.dueOn) : '—'}</dd>
        <dt>{fieldName('projects', 'needIds')}</dt>
        <dd>{needs.length > 0 ? needs.map((need) => need.text).join('；') : '—'}</dd>
        <dt>{fieldName('projects', 'resourceIds')}</dt>
        <dd>{resources.length > 0 ? resources.map((resource) => resource.name).join('、') : '—'}</dd>
      </dl>
      {project.description && <p class="issue-description">{project.description}</p>}
      <Refusal table="projects" record={project} />
      {actions.length > 0 && (
        <section class="issue-actions" data-testid="project-actions">
          <div class="action-buttons">
            {actions.map((action) => (
              <ActionButton
                key={action}
                action={action}
                label={term('projectAction', action)}
                primary
                open={open}
                onToggle={setOpen}
                disabled={saving}
              />
            ))}
          </div>
          {open && (
            <ActionPanel onConfirm={() => save(confirm)} saving={saving}>
              <label>
                {t('noteOptional')}
                <textarea name="note" rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
              </label>
            </ActionPanel>
          )}
        </section>
      )}
      <h2>{t('issueHistory')}</h2>
      <ul class="list" data-testid="project-history">
        {events.length === 0 && <li class="empty">{t('noEvents')}</li>}
        {events.map((event) => (
          <li key={event.id} class="row">
            <span class="row-title">
              {people.get(event.by)?.displayName ?? t('someone')} · {term('projectAction', event.action)}
            </span>
            <span class="row-meta">
              {formatDate(event.at, true)}
              {event.syncState !== 'synced' && <StateBadge state={event.syncState} />}
            </span>
            {event.note && <span class="event-note">{event.note}</span>}
            <Refusal table="projectEvents" record={event} />
          </li>
        ))}
      </ul>
    </main>
  );
}
