import { describe, expect, it } from 'vitest';
import {
  isFiltered,
  parseQueueQuery,
  parseQueueView,
  queueFilter,
  queueViewParams,
  queueViewQuery,
  type QueueView,
  type SearchParams,
  stageValues,
  unclassified,
} from './queue-url.ts';

/** What the router hands the page for a query string (a repeated key gives a list). */
function paramsOf(search: string): SearchParams {
  const params: SearchParams = {};
  new URLSearchParams(search).forEach((value, key) => {
    const seen = params[key];
    params[key] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  });
  return params;
}

/** The query string the router writes when the page merges these params into an empty one. */
function searchOf(update: Record<string, string | string[] | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(update)) {
    for (const item of value === undefined ? [] : Array.isArray(value) ? value : [value]) search.append(key, item);
  }
  return search.toString();
}

const plain = parseQueueView({});

describe('queue address ⇄ filter', () => {
  it('reads a plain /queue as the default campaign, no filters, oldest first', () => {
    expect(plain).toEqual({
      campaignId: null,
      stages: [],
      statuses: [],
      actions: [],
      powerTypes: [],
      unitId: null,
      classification: null,
      assigneeId: null,
      mine: false,
      unansweredPublicComments: false,
      search: '',
      order: 'OLDEST',
    });
    expect(queueFilter(plain, 'C1')).toEqual({ campaignId: 'C1' });
    expect(isFiltered(plain)).toBe(false);
    expect(searchOf(queueViewParams(plain))).toBe('');
  });

  it('reads every filter, repeated keys and comma lists alike, and gives the API its ProposalFilter', () => {
    const view = parseQueueView(
      paramsOf('campaign=C9&stage=initial_review&stage=RECHECK&status=active,returned&action=delegate&type=licensing&unit=U27&class=agree_cancel&assignee=U5&q=%20食品经营%20&sort=recently_updated'),
    );
    expect(view).toEqual({
      campaignId: 'C9',
      stages: ['INITIAL_REVIEW', 'RECHECK'],
      statuses: ['ACTIVE', 'RETURNED'],
      actions: ['DELEGATE'],
      powerTypes: ['LICENSING'],
      unitId: 'U27',
      classification: 'agree_cancel',
      assigneeId: 'U5',
      mine: false,
      unansweredPublicComments: false,
      search: '食品经营',
      order: 'RECENTLY_UPDATED',
    });
    expect(queueFilter(view, 'C9')).toEqual({
      campaignId: 'C9',
      stages: ['INITIAL_REVIEW', 'RECHECK'],
      statuses: ['ACTIVE', 'RETURNED'],
      actions: ['DELEGATE'],
      powerTypes: ['LICENSING'],
      unitId: 'U27',
      classification: 'agree_cancel',
      assigneeId: 'U5',
      search: '食品经营',
    });
    expect(isFiltered(view)).toBe(true);
  });

  it('writes a view back to the same view (a shared or reloaded address shows the same queue)', () => {
    const views: QueueView[] = [
      { ...plain, stages: ['RECHECK', 'SUBMITTED'], unitId: 'VW5pdDoyNw==', search: '许可', order: 'NEWEST' },
      { ...plain, classification: unclassified, mine: true, powerTypes: ['PENALTY', 'OTHER'] },
      { ...plain, unansweredPublicComments: true, actions: ['DELEGATE'] },
      { ...plain, campaignId: 'Q2FtcGFpZ246MQ==', actions: ['ADD'], assigneeId: 'VXNlcjoz', statuses: ['WITHDRAWN'] },
    ];
    for (const view of views) {
      const again = parseQueueView(paramsOf(searchOf(queueViewParams(view))));
      // Lists come back in the enum's order.
      expect(again).toEqual({ ...view, stages: stageValues.filter((stage) => view.stages.includes(stage)) });
    }
  });

  it('keeps the address short and readable: lower-case values, defaults left out', () => {
    const search = searchOf(queueViewParams({ ...plain, stages: ['INITIAL_REVIEW'], mine: true, order: 'OLDEST' }));
    expect(search).toBe('stage=initial_review&mine=1');
  });

  it('removes what was cleared when merged into the address', () => {
    const update = queueViewParams({ ...plain, search: '  ' });
    // Every key is present so that a merge replaces the whole filter; cleared ones are undefined.
    expect(Object.keys(update)).toEqual(['campaign', 'stage', 'status', 'action', 'type', 'unit', 'class', 'assignee', 'mine', 'public', 'q', 'sort']);
    expect(Object.values(update).every((value) => value === undefined)).toBe(true);
  });

  it('maps "not classified yet" to the API\'s empty string, and back', () => {
    const view = parseQueueView(paramsOf('class=_none'));
    expect(view.classification).toBe(unclassified);
    expect(queueFilter(view, 'C1')).toEqual({ campaignId: 'C1', classification: '' });
    expect(searchOf(queueViewParams(view))).toBe('class=_none');
  });

  it('filters by public comments awaiting an answer (有待处理的公众意见) as public=1', () => {
    const view = parseQueueView(paramsOf('public=1'));
    expect(view.unansweredPublicComments).toBe(true);
    expect(queueFilter(view, 'C1')).toEqual({ campaignId: 'C1', hasUnansweredPublicComments: true });
    expect(isFiltered(view)).toBe(true);
    expect(searchOf(queueViewParams(view))).toBe('public=1');
    expect(parseQueueView(paramsOf('public=yes')).unansweredPublicComments).toBe(false);
  });

  it('asks for "mine" or a reviewer, never both (the API refuses both)', () => {
    const view = parseQueueView(paramsOf('mine=1&assignee=VXNlcjoz'));
    expect(view.assigneeId).toBeNull();
    expect(queueFilter(view, 'C1')).toEqual({ campaignId: 'C1', assignedToMe: true });
    expect(queueViewParams({ ...view, assigneeId: 'VXNlcjoz' })['assignee']).toBeUndefined();
  });

  it('drops what it does not know instead of failing, and caps the search at the API\'s 100 characters', () => {
    const view = parseQueueView(paramsOf(`stage=nonsense&stage=recheck&sort=sideways&mine=yes&q=${'长'.repeat(120)}`));
    expect(view.stages).toEqual(['RECHECK']);
    expect(view.order).toBe('OLDEST');
    expect(view.mine).toBe(false);
    expect(view.search).toHaveLength(100);
  });
});

describe('a saved view’s query string', () => {
  it('keeps the whole view and reads back the same, also in the server’s canonical form', () => {
    const view: QueueView = { ...plain, stages: ['RECHECK', 'INITIAL_REVIEW'], powerTypes: ['LICENSING'], mine: true, classification: unclassified, search: '食品', order: 'NEWEST' };
    const query = queueViewQuery(view);
    expect(parseQueueQuery(query)).toEqual({ ...view, stages: ['INITIAL_REVIEW', 'RECHECK'] });
    // As server/src/proposals/filter.ts stores it: keys reordered, lists comma-joined.
    expect(parseQueueQuery('stage=initial_review%2Crecheck&type=licensing&class=_none&mine=1&q=%E9%A3%9F%E5%93%81&sort=newest')).toEqual(parseQueueQuery(query));
    expect(queueViewQuery(plain)).toBe('');
  });
});
