import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter, Routes } from 'react-router';
import { afterEach, beforeEach, vi } from 'vitest';
import { type Role, setSessionForTest } from '../app/session.js';
import { setTenantZone } from '../format/useFormat.js';
import { setLanguage } from '../i18n/index.js';

/** A JSON answer as the server sends it (a problem document from 400 up). */
export const jsonResponse = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });

/**
 * For a file of page tests: every test starts in English in the tenant zone Asia/Shanghai, with
 * FakeEventSource for the event streams and `server` answering fetch; every test ends unmounted,
 * the globals restored. Returns how to open a page of `routes` at a path for a role.
 */
export function preparePageTests(server: (path: string, init: RequestInit) => Promise<Response>, routes: ReactNode): (path: string, role: Role) => void {
  beforeEach(() => {
    setTenantZone('Asia/Shanghai');
    setLanguage('en');
    vi.stubGlobal('EventSource', FakeEventSource);
    vi.stubGlobal(
      'fetch',
      vi.fn((path: string, init: RequestInit = {}) => server(path, init)),
    );
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });
  return (path, role) => openPage(path, role, routes);
}

/** Renders `routes` at `path` for a user of `role`, with a fresh query client that does not retry. */
export function openPage(path: string, role: Role, routes: ReactNode): void {
  setSessionForTest({ user: { id: 'u1', email: 'u@example.com', role, mustChangePassword: false } });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>{routes}</Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

/** Stands in for the browser's EventSource in component tests: the test plays the server's events. */
export class FakeEventSource {
  static last: FakeEventSource | null = null;
  listeners = new Map<string, Array<(e: Event) => void>>();
  closed = false;
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  addEventListener(type: string, fn: (e: Event) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  emit(type: string, data: unknown) {
    for (const fn of this.listeners.get(type) ?? []) fn(new MessageEvent(type, { data: JSON.stringify(data) }));
  }
  close() {
    this.closed = true;
  }
}
