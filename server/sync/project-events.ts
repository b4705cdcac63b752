/**
 * The fold of project events: a project's state and the days it was agreed and done change only
 * here, in the order the server accepts the events, each checked on arrival.
 */
import { applyProjectAction, mayTakeProjectAction, type ProjectStatus } from '../../shared/project-lifecycle.ts';
import type { ProjectEvent } from '../../shared/tables/index.ts';
import { applyEventEffect, type FoldContext, type Refuse } from './event-effect.ts';

type Event = Pick<ProjectEvent, 'projectId' | 'action' | 'at'>;

export async function foldProjectEvent(ctx: FoldContext, event: Event, hlc: string, refuse: Refuse): Promise<void> {
  const project = await ctx.records.get('projects', event.projectId);
  if (!project || project.deleted) return refuse('unknown_parent', 'the project is unknown', 'fields.projectId');
  const actor = { role: ctx.user.role, isProposer: project.data.proposedBy === ctx.user.id };
  if (!mayTakeProjectAction(event.action, actor)) {
    return refuse('forbidden', `you may not ${event.action} this project`, 'fields.action');
  }
  const outcome = applyProjectAction(project.data.status as ProjectStatus, event.action);
  if (!outcome.ok) return refuse('illegal_transition', outcome.message, 'fields.action');
  const dated =
    event.action === 'agree' ? { agreedAt: event.at } : event.action === 'complete' ? { doneAt: event.at } : {};
  await applyEventEffect(ctx, project, { status: outcome.to, ...dated }, hlc);
}
