import { EVENT_TYPES, leadFieldRowSchema, rowToLeadField, type LeadField, type RosterView } from '@sluice/engine';
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { listModels } from '../models/api';
import type { ModelSummary } from '../models/types';

/** The tenant's real values a field can offer instead of free text. */
export interface TenantValues {
  teams: string[];
  reps: string[];
  pools: string[];
  roles: string[];
  stages: string[];
  eventTypes: string[];
  leadFields: LeadField[];
  /** Calendar ids; null until known (then no calendar check is made). */
  calendars: string[] | null;
  facts: string[];
  /** The tenant's smart-score models (score.model's `model`); null until known. */
  models: ModelSummary[] | null;
  /**
   * Every rep with their teams, roles and whether active, for the check of the names a policy uses;
   * null until all are known (or the roster is empty or too big to read whole): then no check.
   */
  roster?: RosterView | null;
}

export const EMPTY_VALUES: TenantValues = {
  teams: [],
  reps: [],
  pools: [],
  roles: [],
  stages: [],
  eventTypes: [...EVENT_TYPES],
  leadFields: [],
  calendars: null,
  facts: [],
  models: null,
  roster: null,
};

/** Reps per page when the whole roster is read, and pages at most (the server's bulk limit × 20). */
const ROSTER_PAGE = 5000;
const ROSTER_PAGES = 20;

/** The whole roster, page by page; null when it cannot be read whole (a check would then guess). */
async function wholeRoster(): Promise<RosterView | null> {
  const reps: Array<{ id: string; teams: string[]; roles: string[]; active: boolean }> = [];
  let after: string | null = null;
  for (let page = 0; page < ROSTER_PAGES; page++) {
    const query: string = after === null ? '' : `&after=${encodeURIComponent(after)}`;
    const got: (Page & { next?: string | null }) | null = await safe(api<Page & { next?: string | null }>('GET', `/v1/reps?limit=${ROSTER_PAGE}${query}`));
    if (!got) return null;
    for (const r of got.items) reps.push({ id: String(r.id), teams: strings(r.teams), roles: strings(r.roles), active: r.active !== false });
    if (!got.next) return { reps };
    after = got.next;
  }
  return null;
}

/** The roster the names a policy uses are checked against: its reps (when it has some) and, when all were read, its pools. */
function rosterToCheck(roster: RosterView | null, pools: (Page & { next?: string | null }) | null): RosterView | null {
  const allPools = pools && !pools.next ? { pools: pools.items.map((p) => ({ id: String(p.id) })) } : {};
  if (roster && roster.reps.length > 0) return { ...roster, ...allPools };
  return 'pools' in allPools ? { reps: [], ...allPools } : null;
}

const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

type Page = { items: Array<Record<string, unknown>> };
const ids = (p: Page | null) => (p?.items ?? []).map((x) => String(x.id));

async function safe<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch {
    return null;
  }
}

/** Loads the roster and recent decisions once per page; anything the user may not read stays empty. */
export function useTenantValues(given?: TenantValues): TenantValues {
  const [values, setValues] = useState<TenantValues>(given ?? EMPTY_VALUES);
  useEffect(() => {
    if (given) return;
    let live = true;
    void (async () => {
      const [teams, roster, pools, fields, decisions, calendars, models] = await Promise.all([
        safe(api<Page>('GET', '/v1/teams?limit=500')),
        wholeRoster(),
        safe(api<Page & { next?: string | null }>('GET', '/v1/pools?limit=500')),
        safe(api<Page>('GET', '/v1/leadFields?limit=500')),
        safe(api<{ items?: Array<Record<string, unknown>>; decisions?: Array<Record<string, unknown>> }>('GET', '/v1/decisions?limit=200')),
        safe(api<Page>('GET', '/v1/calendars?limit=500')),
        safe(listModels()),
      ]);
      const roles = new Set<string>();
      for (const r of roster?.reps ?? []) for (const role of r.roles ?? []) roles.add(role);
      const stages = new Set<string>();
      const events = new Set<string>(EVENT_TYPES);
      for (const d of decisions?.items ?? decisions?.decisions ?? []) {
        const ev = (d.event ?? {}) as Record<string, unknown>;
        const type = d.eventType ?? ev.type;
        if (typeof type === 'string') events.add(type);
        const stage = ev.stage ?? (ev.data as Record<string, unknown> | undefined)?.stage ?? (d.lead as Record<string, unknown> | undefined)?.stage;
        if (typeof stage === 'string') stages.add(stage);
      }
      // Parsed as the server parses them before compiling, so both compile against the same catalog.
      const leadFields = (fields?.items ?? []).flatMap((f) => {
        const row = leadFieldRowSchema.safeParse(f);
        return row.success ? [rowToLeadField(row.data)] : [];
      });
      if (!live) return;
      setValues({
        teams: ids(teams),
        // Offered in the pickers: the first 500, as before the whole roster was read.
        reps: (roster?.reps ?? []).slice(0, 500).map((r) => r.id),
        pools: ids(pools),
        roles: [...roles].sort(),
        stages: [...stages].sort(),
        eventTypes: [...events],
        leadFields,
        calendars: calendars ? ids(calendars) : null,
        facts: leadFields.map((f) => `lead.${f.name}`),
        models,
        // Checked as the server checks: a tenant with no reps yet only for its pools (every name
        // would be listed otherwise); pools only when all of them were read.
        roster: rosterToCheck(roster, pools),
      });
    })();
    return () => {
      live = false;
    };
  }, [given]);
  return given ?? values;
}
