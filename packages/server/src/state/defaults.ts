import type { z } from 'zod';

/**
 * Rows as stored are the engine's JSON after validation, defaults included; a row written by an
 * older or looser writer is run through the schema once more. Checking that every defaulted key
 * is present costs far less than a parse, and this runs for every penalty and customer a
 * decision loads, and for every rep when a roster is loaded.
 */
export function withDefaults<S extends z.ZodType>(schema: S, minimal: unknown): (data: Record<string, unknown>) => z.output<S> {
  const minimalKeys = Object.keys(minimal as object);
  const defaulted = Object.keys(schema.parse(minimal) as object).filter((k) => !minimalKeys.includes(k));
  return (data) => {
    for (const k of defaulted) if (data[k] === undefined) return schema.parse(data);
    return data as z.output<S>;
  };
}
