/** The id of the first case whose values contain `value`, as the switch's rules decide it. */
export function readCaseValue(cases: ReadonlyArray<{ id: string; values: ReadonlyArray<unknown> }>, value: unknown): string | undefined {
  for (const c of cases) if (c.values.indexOf(value) > -1) return c.id;
  return undefined;
}
