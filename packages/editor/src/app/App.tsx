import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { RouterProvider } from 'react-router';
import { ApiError } from '../api/client.js';
import { createRouter } from './routes.js';
import { refresh } from './session.js';

/** A session that ended (expired, or signed out elsewhere) sends the page back to sign-in. */
function onError(error: unknown): void {
  if (error instanceof ApiError && error.status === 401) void refresh();
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // A 4xx will not change by asking again; a dropped connection or a 503 may.
        retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      },
    },
  });
}

export function App() {
  const [client] = useState(createQueryClient);
  const [router] = useState(createRouter);
  useEffect(() => () => router.dispose(), [router]);
  return (
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
