import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter, Routes } from 'react-router';
import { type Role, setSessionForTest } from '../app/session.js';

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
