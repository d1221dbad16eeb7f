/**
 * The customers a step loads: those holding one of the keys it looks for, and with them every
 * account of their groups as the CRM links accounts by `parentId` — the parents above each, then
 * everything below any of those. That is the group the engine's MatchIndex walks for a family
 * search (its topmost parent and all below it, S25), so a search on the loaded slice finds what it
 * would find on the whole state, though the parent or a sister shares no key with the lead.
 *
 * `keys` is an SQL text[] expression, `guard` a condition that must hold for any customer to be
 * loaded at all (an empty key list loads nothing). `union`, not `union all`: a loop in the CRM's
 * parentIds ends where it comes round again. Each step up is a primary-key read, each step down
 * one read of customers_parent; a tenant that links no accounts pays one empty probe per customer found.
 */
export function customersWithGroups(keys: string, guard: string): string {
  return `(with recursive found(id, parent) as (
    select c.id, c.data->>'parentId' from customers c where ${guard} and c.tenant_id || '' = $1 and c.match_keys ?| ${keys}
    union
    select p.id, p.data->>'parentId' from found f join customers p on p.tenant_id = $1 and p.id = f.parent
  ), grp(id) as (
    select id from found
    union
    select c.id from grp g join customers c on c.tenant_id = $1 and c.data->>'parentId' = g.id
  )
  select coalesce(json_agg(c.data order by c.id), '[]'::json) from customers c where c.tenant_id = $1 and c.id in (select id from grp))`;
}
