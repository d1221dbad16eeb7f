import { boundaryValuesOn } from './boundary/lane.js';

/**
 * Boundary values on every operation of the OpenAPI document, on both lanes: dates at year 0, 1,
 * 1969, 9999 and 275760 and offsets of ±14, ±16 and +24 hours, integers at 2^31−1, 2^31, 2^53 and
 * past, −1, 0, 1.5, 1e308, −0, strings at and past their maxLength in ASCII, CJK and astral
 * characters, 70k-character strings, arrays at and past maxItems, null, base64 cursors of odd
 * JSON, time zone names that do not exist. Each is put into one field of a request that is
 * otherwise valid (so it reaches the database), and the answer must be a 2xx or a problem+json
 * 4xx naming what was wrong, never a 5xx; an accepted write must not make later decisions fail.
 * The fuzzed class: validation that accepts what the database or the engine then refuses.
 */

// The PostgreSQL lane is boundaryFuzz.postgres.test.ts: the two lanes take about as long, and as two
// files they run side by side instead of one after the other on one worker.
boundaryValuesOn('embedded');
