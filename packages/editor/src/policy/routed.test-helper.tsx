import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createMemoryRouter, Link, Outlet, RouterProvider } from 'react-router';

/**
 * Renders `editor` at /policies/:key inside a data router, as the app does (createBrowserRouter):
 * the editor's guard on leaving needs one. Above it, a menu link to the policies list, as the app's
 * top menu; the list is a stub that says where we are.
 */
export function renderRouted(editor: ReactElement, opts: { key?: string; from?: string } = {}) {
  const at = `/policies/${opts.key ?? 'rt'}`;
  const router = createMemoryRouter(
    [
      {
        path: '/',
        element: (
          <>
            <nav>
              <Link to="/policies">Policies</Link>
            </nav>
            <Outlet />
          </>
        ),
        children: [
          { path: 'policies', element: <p data-testid="elsewhere">Policy list</p> },
          { path: 'policies/:key', element: editor },
        ],
      },
    ],
    // `from`: a page visited before the editor, so the browser's back button has somewhere to go.
    { initialEntries: opts.from ? [opts.from, at] : [at], initialIndex: opts.from ? 1 : 0 },
  );
  return { router, ...render(<RouterProvider router={router} />) };
}
