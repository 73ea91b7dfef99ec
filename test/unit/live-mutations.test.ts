// Following the mutations a statement started (sql/live/mutations.ts) on rows recorded from the
// embedded server (test/fixtures/live/mutations-states.json: a done mutation, one held by SYSTEM
// STOP MERGES, one failing; checked against the server by test/integration/live-fixtures-b.test.ts).
// The waits run on jest's fake clock: each poll and progress line at a known time.
import { mutationIds, mutationsSince, waitForMutations } from '../../sql/live/mutations';
import { loadFixture, MUTATIONS_DB, replayQueryFn } from '../support/live-fixtures-b';

const M = MUTATIONS_DB;
const query = () => replayQueryFn(loadFixture('mutations-states'));

const DONE = { id: 'mutation_2.txt', command: '(DELETE WHERE k = 100)', partsToDo: 0, done: true };
const HELD = { id: 'mutation_4.txt', command: '(UPDATE v = v + 1 WHERE 1)', partsToDo: 2, done: false };
const FAILING = {
  id: 'mutation_2.txt',
  command: '(UPDATE v = throwIf(v = 5) WHERE 1)',
  partsToDo: 1,
  done: false,
  failReason: expect.stringMatching(/^Code: 395\. DB::Exception: Value passed to 'throwIf' function is non-zero/),
};

describe('mutations: what system.mutations says', () => {
  test('GIVEN the table THEN the ids of all its mutations, done or not', async () => {
    expect(await mutationIds(query(), M, 't')).toEqual(new Set(['mutation_2.txt', 'mutation_4.txt']));
  });

  test('GIVEN none known before THEN every mutation, oldest first, done and parts to do as numbers; no fail reason where there is none', async () => {
    const got = await mutationsSince(query(), M, 't', new Set());
    expect(got).toStrictEqual([DONE, HELD]);
  });

  test('GIVEN the ids read before THEN only the ones started since', async () => {
    expect(await mutationsSince(query(), M, 't', new Set(['mutation_2.txt']))).toStrictEqual([HELD]);
    expect(await mutationsSince(query(), M, 't', new Set(['mutation_2.txt', 'mutation_4.txt']))).toStrictEqual([]);
  });

  test('GIVEN a failing mutation THEN its fail reason', async () => {
    expect(await mutationsSince(query(), M, 'f', new Set())).toEqual([FAILING]);
  });
});

describe('mutations: waiting for them', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  /** waitForMutations on the fake clock, run to its end; the progress lines and the queries sent. */
  async function wait(table: string, before: string[], opts: { timeoutMs: number; pollMs?: number; progressEverySeconds?: number }) {
    const q = query();
    const lines: string[] = [];
    const done = waitForMutations(q, M, table, new Set(before), { ...opts, log: (l) => lines.push(l) });
    await jest.advanceTimersByTimeAsync(opts.timeoutMs + 60_000);
    return { result: await done, lines, reads: q.sent.length };
  }

  test('GIVEN nothing started THEN it returns at once, whatever the time given', async () => {
    const { result, lines, reads } = await wait('t', ['mutation_2.txt', 'mutation_4.txt'], { timeoutMs: 60_000 });
    expect(result).toStrictEqual({ started: [], failed: [], running: [], waitedMs: 0 });
    expect(lines).toEqual([]);
    expect(reads).toBe(1);
  });

  test('GIVEN a failing mutation THEN the wait ends at once: it is failed, none left running', async () => {
    const { result, reads } = await wait('f', [], { timeoutMs: 60_000 });
    expect(result).toEqual({ started: [FAILING], failed: [FAILING], running: [], waitedMs: 0 });
    expect(reads).toBe(1);
  });

  test('GIVEN a held mutation and no time THEN it is running after one read, with no progress line', async () => {
    const { result, lines, reads } = await wait('t', [], { timeoutMs: 0 });
    expect(result).toStrictEqual({ started: [DONE, HELD], failed: [], running: [HELD], waitedMs: 0 });
    expect(lines).toEqual([]);
    expect(reads).toBe(1);
  });

  test('GIVEN a held mutation THEN a progress line at once and every 10 s by default, polls every pollMs, the last one when the time is up', async () => {
    const { result, lines, reads } = await wait('t', ['mutation_2.txt'], { timeoutMs: 25_000, pollMs: 5_000 });
    expect(result).toStrictEqual({ started: [HELD], failed: [], running: [HELD], waitedMs: 25_000 });
    expect(lines).toEqual([
      `mutation mutation_4.txt on ${M}.t (UPDATE v = v + 1 WHERE 1): 2 of 2 part(s) to do, 0 s of 25 s`,
      `mutation mutation_4.txt on ${M}.t (UPDATE v = v + 1 WHERE 1): 2 of 2 part(s) to do, 10 s of 25 s`,
      `mutation mutation_4.txt on ${M}.t (UPDATE v = v + 1 WHERE 1): 2 of 2 part(s) to do, 20 s of 25 s`,
    ]);
    expect(reads).toBe(6);
  });

  test('GIVEN progressEverySeconds THEN a line that often; the default poll is 1 s, the last pause cut to the time left', async () => {
    const every = await wait('t', ['mutation_2.txt'], { timeoutMs: 2_500, progressEverySeconds: 1 });
    expect(every.lines.map((l) => l.replace(/.*to do, /, ''))).toEqual(['0 s of 3 s', '1 s of 3 s', '2 s of 3 s']);
    expect(every.result.waitedMs).toBe(2_500);
    expect(every.reads).toBe(4);
  });

  test('GIVEN no log THEN the wait still runs to its end', async () => {
    const q = query();
    const done = waitForMutations(q, M, 't', new Set(['mutation_2.txt']), { timeoutMs: 2_000 });
    await jest.advanceTimersByTimeAsync(5_000);
    expect((await done).running).toStrictEqual([HELD]);
  });
});
