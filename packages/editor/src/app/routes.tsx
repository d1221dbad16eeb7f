import { type ComponentType, lazy, type LazyExoticComponent } from 'react';
import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { SignInPage } from '../signin/SignInPage.js';
import { Layout } from './Layout.js';
import { ForbiddenPage, NotBuiltPage, NotFoundPage } from './pages.js';
import { SignOutPage } from './SignOutPage.js';
import { prefetchPolicy } from '../policy/prefetch.js';
import { type Action, can, SIGN_OUT_PATH, useSession } from './session.js';

/**
 * Every screen but sign-in is its own chunk, loaded when first opened: the first screen carries
 * neither the engine nor Monaco nor React Flow. The pages are found by glob rather than imported,
 * so a screen another part of the team has not written yet shows "not available" instead of
 * breaking the build.
 */
type PageModule = { default: ComponentType };
const pageModules = import.meta.glob<PageModule>([
  '../policies/PoliciesPage.tsx',
  '../policies/NewPolicyPage.tsx',
  '../policy/PolicyEditorPage.tsx',
  '../decisions/DecisionsPage.tsx',
  '../decisions/DecisionPage.tsx',
  '../roster/RosterPage.tsx',
  '../admin/AdminPage.tsx',
  '../simulation/SimulationsPage.tsx',
  '../simulation/SimulationPage.tsx',
  '../models/ModelsPage.tsx',
  '../models/ModelPage.tsx',
  '../models/TrainJobPage.tsx',
]);

const pages = new Map<string, LazyExoticComponent<ComponentType>>();
function page(path: string): LazyExoticComponent<ComponentType> | typeof NotBuiltPage {
  const load = pageModules[path];
  if (!load) return NotBuiltPage;
  let component = pages.get(path);
  if (!component) {
    component = lazy(load);
    pages.set(path, component);
  }
  return component;
}

/** Which pages exist in this build (for the report and a test). */
export const builtPages = Object.keys(pageModules);

function Guarded({ action, path }: { action: Action; path: string }) {
  const { user } = useSession();
  if (!can(user?.role, action)) return <ForbiddenPage />;
  const Page = page(path);
  return <Page />;
}

const screen = (action: Action, path: string) => <Guarded action={action} path={path} />;

export const routes: RouteObject[] = [
  { path: '/signin', element: <SignInPage /> },
  { path: SIGN_OUT_PATH, element: <SignOutPage /> },
  {
    path: '/',
    element: <Layout />,
    children: [
      { index: true, element: <Navigate to="/policies" replace /> },
      { path: 'policies', element: screen('read', '../policies/PoliciesPage.tsx') },
      { path: 'policies/new', element: screen('editDraft', '../policies/NewPolicyPage.tsx') },
      { path: 'policies/:key', element: screen('read', '../policy/PolicyEditorPage.tsx') },
      { path: 'decisions', element: screen('read', '../decisions/DecisionsPage.tsx') },
      { path: 'decisions/:id', element: screen('read', '../decisions/DecisionPage.tsx') },
      { path: 'roster', element: screen('read', '../roster/RosterPage.tsx') },
      { path: 'simulations', element: screen('read', '../simulation/SimulationsPage.tsx') },
      { path: 'simulations/:id', element: screen('read', '../simulation/SimulationPage.tsx') },
      { path: 'models', element: screen('read', '../models/ModelsPage.tsx') },
      { path: 'models/:key', element: screen('read', '../models/ModelPage.tsx') },
      { path: 'models/:key/jobs/:jobId', element: screen('read', '../models/TrainJobPage.tsx') },
      { path: 'admin', element: screen('admin', '../admin/AdminPage.tsx') },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

/**
 * The screen a page load opens starts fetching its chunk (and, for a policy, the policy itself)
 * at once, alongside the session check, instead of one after the other.
 */
export function preloadScreen(pathname: string): void {
  const policy = /^\/policies\/([^/]+)$/.exec(pathname);
  if (policy && policy[1] !== 'new') {
    void pageModules['../policy/PolicyEditorPage.tsx']?.();
    prefetchPolicy(decodeURIComponent(policy[1]!));
  }
}

export function createRouter() {
  if (typeof window !== 'undefined') preloadScreen(window.location.pathname);
  return createBrowserRouter(routes);
}
