/**
 * The projects list (项目清单): projects matching listed needs to listed resources, proposed,
 * agreed, started and done through events the server checks, like an issue's.
 */
import {
  applyProjectAction,
  PROJECT_STATUSES,
  type ProjectAction,
  type ProjectStatus,
} from '../../shared/project-lifecycle.ts';
import type { ContentOf } from '../../shared/tables/index.ts';
import type { LocalRecord } from './database.ts';
import { createRecord, type Device, deviceNow } from './write.ts';

export type ProjectRecord = LocalRecord<'projects'>;
export type ProjectEventRecord = LocalRecord<'projectEvents'>;
export type ProjectInput = Pick<
  ContentOf<'projects'>,
  'placeId' | 'title' | 'description' | 'needIds' | 'resourceIds' | 'owner' | 'dueOn'
>;

export interface ProjectView {
  project: ProjectRecord;
  status: ProjectStatus;
  pending: boolean;
}

/** The project as it will stand once this device's waiting events take effect. Pure. */
export function viewOfProject(project: ProjectRecord, events: readonly ProjectEventRecord[]): ProjectView {
  let status = project.status;
  const waiting = events.filter((event) => event.syncState === 'pending').sort((a, b) => a.at.localeCompare(b.at));
  for (const event of waiting) {
    const outcome = applyProjectAction(status, event.action);
    if (outcome.ok) status = outcome.to;
  }
  return { project, status, pending: waiting.length > 0 };
}

async function viewsOf(device: Device, projects: readonly ProjectRecord[]): Promise<ProjectView[]> {
  const ids = projects.map((project) => project.id);
  const events = ids.length > 0 ? await device.db.projectEvents.where('projectId').anyOf(ids).toArray() : [];
  return projects.map((project) =>
    viewOfProject(
      project,
      events.filter((event) => event.projectId === project.id),
    ),
  );
}

/** By state in the order projects move through them, newest first within each. */
export async function projectsList(device: Device): Promise<ProjectView[]> {
  const projects = (await device.db.projects.toArray()).filter((project) => !project.deleted);
  return (await viewsOf(device, projects)).sort(
    (a, b) =>
      PROJECT_STATUSES.indexOf(a.status) - PROJECT_STATUSES.indexOf(b.status) ||
      b.project.proposedAt.localeCompare(a.project.proposedAt),
  );
}

export async function projectView(device: Device, id: string): Promise<ProjectView | undefined> {
  const project = await device.db.projects.get(id);
  return project && !project.deleted ? (await viewsOf(device, [project]))[0] : undefined;
}

export async function eventsOfProject(device: Device, projectId: string): Promise<ProjectEventRecord[]> {
  const events = await device.db.projectEvents.where('projectId').equals(projectId).toArray();
  return events.sort((a, b) => b.at.localeCompare(a.at));
}

export function proposeProject(device: Device, input: ProjectInput, proposedBy: string): Promise<ProjectRecord> {
  return createRecord(device, 'projects', {
    ...input,
    status: 'proposed',
    proposedBy,
    proposedAt: new Date(deviceNow(device)).toISOString(),
  });
}

export function recordProjectAction(
  device: Device,
  project: ProjectRecord,
  by: string,
  action: ProjectAction,
  note?: string,
): Promise<ProjectEventRecord> {
  return createRecord(device, 'projectEvents', {
    projectId: project.id,
    action,
    ...(note?.trim() ? { note } : {}),
    by,
    at: new Date(deviceNow(device)).toISOString(),
  });
}
