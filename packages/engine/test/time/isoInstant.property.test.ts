import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalIso, parseInstant } from '../../src/types/isoInstant.js';

// The fast reader must give exactly what the runtime's parser gives, for every string: a wrong
// instant would move a reclaim or a cap day without any test of a policy noticing.
const MIN = Date.UTC(-271_821, 3, 20);
const MAX = Date.UTC(275_760, 8, 13);
const isoOf = fc.integer({ min: MIN, max: MAX }).map((ms) => new Date(ms).toISOString());
const nearCanonical = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
    fc.integer({ min: 0, max: 25 }),
    fc.integer({ min: 0, max: 60 }),
    fc.integer({ min: 0, max: 60 }),
    fc.integer({ min: 0, max: 999 }),
  )
  .map(
    ([y, mo, d, h, mi, s, ms]) =>
      `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(ms).padStart(3, '0')}Z`,
  );

const sameAsDate = (s: string) => {
  const expected = Date.parse(s);
  const got = parseInstant(s);
  if (Number.isNaN(expected)) expect(got).toBeNaN();
  else expect(got).toBe(expected);
  let iso: string | Error;
  try {
    iso = new Date(s).toISOString();
  } catch (e) {
    iso = e as Error;
  }
  if (iso instanceof Error) expect(() => canonicalIso(s)).toThrow(RangeError);
  else expect(canonicalIso(s)).toBe(iso);
};

describe('parseInstant / canonicalIso: the runtime parser, faster for the canonical form', () => {
  it('agree with Date.parse and toISOString on every instant toISOString writes', () => {
    fc.assert(fc.property(isoOf, sameAsDate), { numRuns: 5_000 });
  });

  it('agree on canonical-looking strings with fields out of range (30 February, 24:00, month 13)', () => {
    fc.assert(fc.property(nearCanonical, sameAsDate), { numRuns: 5_000 });
    for (const s of [
      '2024-02-29T00:00:00.000Z',
      '2023-02-29T00:00:00.000Z',
      '2026-12-05T24:00:00.000Z',
      '1900-02-29T12:00:00.000Z',
      '2000-02-29T12:00:00.000Z',
    ])
      sameAsDate(s);
  });

  it('agree on canonical strings with any one character replaced (the edges of the digit test: "/" and ":" sit either side of 0–9)', () => {
    const replaced = fc
      .tuple(isoOf, fc.integer({ min: 0, max: 23 }), fc.constantFrom('/', ':', '0', '5', '9', '-', 'T', '.', 'Z', 'z', ' ', '+', '０', '٣', '\u0000', 'é'))
      .map(([iso, i, c]) => iso.slice(0, i) + c + iso.slice(i + 1));
    fc.assert(fc.property(replaced, sameAsDate), { numRuns: 5_000 });
  });

  it('agree around the month table edges (1900–2299) and on every leap-day question there', () => {
    const edges = fc
      .tuple(
        fc.constantFrom(1000, 1582, 1899, 1900, 1901, 1970, 2000, 2100, 2200, 2298, 2299, 2300, 2400, 9999),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 86_399_999 }),
      )
      .map(([y, mo, d, msOfDay]) => {
        const time = new Date(msOfDay).toISOString().slice(10);
        return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}${time}`;
      });
    fc.assert(fc.property(edges, sameAsDate), { numRuns: 5_000 });
    for (let y = 1896; y <= 2304; y++) for (const md of ['02-28', '02-29', '03-01', '12-31', '01-01']) sameAsDate(`${y}-${md}T12:34:56.789Z`);
  });

  it('agree on other forms: offsets, no milliseconds, dates only, junk', () => {
    fc.assert(fc.property(fc.string({ maxLength: 30 }), sameAsDate), { numRuns: 2_000 });
    for (const s of ['2026-03-01T08:00:00+08:00', '2026-03-01T08:00:00Z', '2026-03-01', '2026-03-01T08:00:00.000z', '', 'soon']) sameAsDate(s);
  });
});
