import { describe, expect, it } from 'vitest';
import { loadQueuePlace, saveQueuePlace, searchParamsOf } from './queue-place.ts';
import { parseQueueView } from './queue-url.ts';

describe('the queue place kept for the tab', () => {
  const filter = { campaignId: 'Q2FtcGFpZ246MQ==', stages: ['INITIAL_REVIEW' as const] };

  it('keeps scroll, selection and focus per filter and order', () => {
    saveQueuePlace(filter, 'OLDEST', { scrollTop: 1200, selected: ['a', 'b'], focus: { index: 30, id: 'c' } });
    expect(loadQueuePlace(filter, 'OLDEST')).toEqual({ scrollTop: 1200, selected: ['a', 'b'], focus: { index: 30, id: 'c' } });
    expect(loadQueuePlace(filter, 'NEWEST')).toBeNull();
    expect(loadQueuePlace({ campaignId: 'Q2FtcGFpZ246MQ==' }, 'OLDEST')).toBeNull();
  });

  it('ignores what is not a place', () => {
    sessionStorage.setItem(`devolve.queue-place:${JSON.stringify([filter, 'RECENTLY_UPDATED'])}`, '{"scrollTop":"x"}');
    expect(loadQueuePlace(filter, 'RECENTLY_UPDATED')).toBeNull();
  });

  it('reads a carried queue string as the router reads the address, repeated keys as lists', () => {
    const params = searchParamsOf('stage=initial_review&stage=recheck&q=%E9%A3%9F%E5%93%81&sort=newest');
    expect(params).toEqual({ stage: ['initial_review', 'recheck'], q: '食品', sort: 'newest' });
    const view = parseQueueView(params);
    expect(view.stages).toEqual(['INITIAL_REVIEW', 'RECHECK']);
    expect(view.order).toBe('NEWEST');
  });
});
