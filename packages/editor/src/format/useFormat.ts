import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import type { Language } from '../i18n/index.js';
import { makeFormatter, type Formatter } from './format.js';

interface Tenant {
  id: string;
  name: string;
  timeZone: string;
}

// The tenant's zone, asked once per page load: every date on every screen uses it.
let zone: string | null = null;
let pending: Promise<string> | null = null;

function loadZone(): Promise<string> {
  pending ??= api<Tenant>('GET', '/v1/tenant')
    .then((t) => (zone = t.timeZone))
    .catch(() => {
      pending = null;
      return 'UTC';
    });
  return pending;
}

/** For tests and after the tenant's zone was changed. */
export function setTenantZone(next: string | null): void {
  zone = next;
  pending = next === null ? null : Promise.resolve(next);
}

export function useTenantZone(): string {
  const [value, setValue] = useState(zone ?? 'UTC');
  useEffect(() => {
    let live = true;
    if (zone === null) void loadZone().then((z) => live && setValue(z));
    else setValue(zone);
    return () => {
      live = false;
    };
  }, []);
  return value;
}

/** The formatter for the chosen language on the tenant's clock; re-renders when either changes. */
export function useFormat(): Formatter {
  const { i18n } = useTranslation();
  const lang: Language = i18n.language?.startsWith('zh') ? 'zh' : 'en';
  return makeFormatter(lang, useTenantZone());
}
