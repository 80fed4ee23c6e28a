import { afterEach, describe, expect, it } from 'vitest';
import type { Judgement } from '../../lib/scoring/types';
import { openSieveDb, type SieveDb } from '../../lib/store/db';
import { idRuns } from '../../lib/store/id-runs';
import { getJudgements, putJudgements } from '../../lib/store/judgements';

describe('idRuns: a listing’s ids grouped for reading by key range', () => {
  it('reads a day of new submissions as one range, in key order', () => {
    const ids = Array.from({ length: 40 }, (_, i) => `2611.${String(12_000 + i * 3)}`).reverse();
    expect(idRuns(ids)).toEqual({ ranges: [['2611.12000', '2611.12117']], singles: [] });
  });

  it('reads ids far from any other, old-style ids and short runs one by one', () => {
    const day = Array.from({ length: 10 }, (_, i) => `2611.${20_000 + i}`);
    const runs = idRuns([
      ...day,
      '2409.01234', // a replacement of an older paper
      'hep-th/9901001',
      '2611.30000', // a gap wider than 64
      '2611.30010',
      '2611.20003', // twice: read once
    ]);
    expect(runs.ranges).toEqual([['2611.20000', '2611.20009']]);
    expect(runs.singles.sort()).toEqual([
      '2409.01234',
      '2611.30000',
      '2611.30010',
      'hep-th/9901001',
    ]);
  });

  it('never joins two months in one range', () => {
    const ids = [
      ...Array.from({ length: 8 }, (_, i) => `2610.${99_990 + i}`),
      ...Array.from({ length: 8 }, (_, i) => `2611.${String(i).padStart(5, '0')}`),
    ];
    expect(idRuns(ids).ranges).toEqual([
      ['2610.99990', '2610.99997'],
      ['2611.00000', '2611.00007'],
    ]);
  });
});

const opened: SieveDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function freshDb(): Promise<SieveDb> {
  const db = await openSieveDb(`judgement-reads-${Math.random().toString(36).slice(2)}`);
  opened.push(db);
  return db;
}

function judgement(paperId: string, overrides: Partial<Judgement> = {}): Judgement {
  return {
    paperId,
    criteriaHash: 'criteria-a',
    model: 'gpt-5-mini',
    kind: 'scored',
    relevance: 8,
    novelty: 7,
    comment: `Matches ${paperId}`,
    titleOnly: false,
    usage: { prompt: 100, cachedPrompt: 0, completion: 20, reasoning: 0 },
    costUsd: 0.001,
    judgedAt: 1_000,
    ...overrides,
  };
}

describe('getJudgements over a range of ids', () => {
  it('finds exactly the asked papers’ judgements under these criteria and model', async () => {
    const db = await freshDb();
    const page = Array.from({ length: 30 }, (_, i) => `2611.${10_000 + i * 2}`);
    // Inside the page's range: another page's paper, and other criteria's and models' views.
    const otherPage = '2611.10001';
    await putJudgements(db, [
      ...page.map((id) => judgement(id)),
      judgement(otherPage),
      judgement(page[3]!, { criteriaHash: 'criteria-b', relevance: 1 }),
      judgement(page[4]!, { model: 'gpt-5', relevance: 2 }),
      judgement('2409.01234'),
      judgement('hep-th/9901001'),
    ]);
    const asked = [...page.slice(0, 20), '2409.01234', 'hep-th/9901001', '2611.19999'];
    const found = await getJudgements(db, asked, 'criteria-a', 'gpt-5-mini');

    expect([...found.keys()].sort()).toEqual(
      [...page.slice(0, 20), '2409.01234', 'hep-th/9901001'].sort(),
    );
    expect(found.get(page[3]!)?.relevance).toBe(8);
    expect(found.get(page[4]!)?.relevance).toBe(8);
    expect(found.has(otherPage)).toBe(false);
  });

  it('finds nothing for nothing asked', async () => {
    expect((await getJudgements(await freshDb(), [], 'criteria-a', 'gpt-5-mini')).size).toBe(0);
  });
});
