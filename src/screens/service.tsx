/**
 * Community service (issue 18), for everyone in the field: micro-wishes, the three lists (needs,
 * resources, projects), co-building units and their activities. Loaded lazily (lazy-service.tsx)
 * and offline like every screen: the records are the device's own, synced like visits.
 */
import { isSupervising } from '../../shared/domain.ts';
import { activitiesList } from '../db/activities.ts';
import { useLive } from '../db/live.ts';
import { allPartners } from '../db/partners.ts';
import { projectsList } from '../db/projects.ts';
import { resourcesList } from '../db/resources.ts';
import { needsList } from '../db/service-needs.ts';
import { allWishes } from '../db/wishes.ts';
import { addMessages } from '../i18n/catalogue.ts';
import { useI18n } from '../i18n/index.ts';
import { serviceEn, serviceZh } from '../i18n/service.ts';
import { href, type Route } from '../router.ts';
import { useApp } from '../session.ts';
import { Activity, ActivityForm, ActivityList } from './activities.tsx';
import type { ServiceProps } from './lazy-service.tsx';
import { PartnerForm, PartnerList } from './partners.tsx';
import { Project, ProjectForm, ProjectList } from './projects.tsx';
import { NeedForm, NeedsList, ResourceForm, ResourcesList } from './service-lists.tsx';
import { Wish, WishList } from './wishes.tsx';

addMessages(serviceZh, serviceEn);

const EMPTY = { wishes: [0, 0, 0], needs: 0, resources: 0, projects: 0, partners: 0, activities: 0 };

function ServiceHome() {
  const { t } = useI18n();
  const { device, user } = useApp();
  const counts = useLive(
    async () => {
      const [wishes, needs, resources, projects, partners, activities] = await Promise.all([
        allWishes(device),
        needsList(device),
        resourcesList(device),
        projectsList(device),
        allPartners(device),
        activitiesList(device),
      ]);
      const inState = (status: string) => wishes.filter((view) => view.status === status).length;
      return {
        wishes: [inState('open'), inState('claimed'), inState('fulfilled')],
        needs: needs.filter((need) => !need.closed).length,
        resources: resources.filter((resource) => !resource.retired).length,
        projects: projects.filter((view) => view.status !== 'done').length,
        partners: partners.filter((partner) => !partner.retired).length,
        activities: activities.length,
      };
    },
    [device],
    EMPTY,
  );
  const [open, claimed, fulfilled] = counts.wishes;
  const card = (route: Route, title: string, meta: string, testId: string) => (
    <li key={testId}>
      <a class="row" href={href(route)} data-testid={testId}>
        <span class="row-title">{title}</span>
        <span class="row-meta">{meta}</span>
      </a>
    </li>
  );
  return (
    <main>
      <h1>{t('serviceTitle')}</h1>
      <ul class="list service-menu">
        {card(
          { name: 'service', page: 'wishes' },
          t('wishesTitle'),
          t('wishesCounts', { open: open ?? 0, claimed: claimed ?? 0, fulfilled: fulfilled ?? 0 }),
          'service-wishes',
        )}
        {card(
          { name: 'service', page: 'needs' },
          t('needsTitle'),
          t('openCount', { count: counts.needs }),
          'service-needs',
        )}
        {card(
          { name: 'service', page: 'resources' },
          t('resourcesTitle'),
          t('itemsCount', { count: counts.resources }),
          'service-resources',
        )}
        {card(
          { name: 'service', page: 'projects' },
          t('projectsTitle'),
          t('projectsUnderway', { count: counts.projects }),
          'service-projects',
        )}
        {card(
          { name: 'service', page: 'partners' },
          t('partnersTitle'),
          t('partnersCount', { count: counts.partners }),
          'service-partners',
        )}
        {card(
          { name: 'service', page: 'activities' },
          t('activitiesTitle'),
          t('activitiesCount', { count: counts.activities }),
          'service-activities',
        )}
      </ul>
      {isSupervising(user.role) && <p class="hint">{t('serviceDeskHint')}</p>}
    </main>
  );
}

export function ServiceScreens({ page, id }: ServiceProps) {
  switch (page) {
    case 'wishes':
      return <WishList />;
    case 'wish':
      return id ? <Wish id={id} /> : <WishList />;
    case 'needs':
      return <NeedsList />;
    case 'need-new':
      return <NeedForm />;
    case 'resources':
      return <ResourcesList />;
    case 'resource-new':
      return <ResourceForm />;
    case 'projects':
      return <ProjectList />;
    case 'project':
      return id ? <Project id={id} /> : <ProjectList />;
    case 'project-new':
      return <ProjectForm />;
    case 'partners':
      return <PartnerList />;
    case 'partner':
    case 'partner-new':
      return <PartnerForm {...(id ? { id } : {})} />;
    case 'activities':
      return <ActivityList />;
    case 'activity':
      return id ? <Activity id={id} /> : <ActivityList />;
    case 'activity-new':
      return <ActivityForm />;
    default:
      return <ServiceHome />;
  }
}
