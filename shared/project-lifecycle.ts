/**
 * The projects list's state machine (issue 18, 项目清单): a project matching needs to resources is
 * proposed, agreed by the community's party organisation (a supervisor's decision), then started
 * and done. Each step is an event; the dates it was agreed and done are what the quarterly figures
 * count.
 */
import { isSupervising, type Role } from './domain.ts';

export const PROJECT_STATUSES = ['proposed', 'agreed', 'in_progress', 'done'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const PROJECT_ACTIONS = ['agree', 'start', 'complete'] as const;
export type ProjectAction = (typeof PROJECT_ACTIONS)[number];

const TRANSITIONS: Record<ProjectAction, { from: readonly ProjectStatus[]; to: ProjectStatus }> = {
  agree: { from: ['proposed'], to: 'agreed' },
  start: { from: ['agreed'], to: 'in_progress' },
  complete: { from: ['in_progress'], to: 'done' },
};

export type ProjectTransition = { ok: true; to: ProjectStatus } | { ok: false; message: string };

export function applyProjectAction(from: ProjectStatus, action: ProjectAction): ProjectTransition {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(from)) return { ok: false, message: `cannot ${action} a project that is ${from}` };
  return { ok: true, to: rule.to };
}

export interface ProjectActor {
  role: Role;
  isProposer: boolean;
}

/** Supervisors agree to projects; whoever proposed one starts it and reports it done, as supervisors may. */
export function mayTakeProjectAction(action: ProjectAction, actor: ProjectActor): boolean {
  if (isSupervising(actor.role)) return true;
  return action !== 'agree' && actor.isProposer;
}

export function projectActionsFor(status: ProjectStatus, actor: ProjectActor): ProjectAction[] {
  return PROJECT_ACTIONS.filter(
    (action) => TRANSITIONS[action].from.includes(status) && mayTakeProjectAction(action, actor),
  );
}
