import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../schema.ts';
import { operationCost, operationLimits } from './operation-limits.ts';

const webSource = join(import.meta.dirname, '../../../web/src');

/** Every GraphQL document the web app sends, each operation with all the fragments it may spread. */
function webOperations(): { name: string; source: string }[] {
  const files = readdirSync(webSource, { recursive: true, encoding: 'utf8' }).filter((file) => /\.tsx?$/.test(file));
  const documents = files.flatMap((file) =>
    [...readFileSync(join(webSource, file), 'utf8').matchAll(/graphql\(\s*`([\s\S]*?)`/g)].map((match) => match[1]!),
  );
  const fragments = documents.filter((document) => /^\s*fragment\b/.test(document)).join('\n');
  return documents
    .filter((document) => !/^\s*fragment\b/.test(document))
    .map((document) => ({ name: /(query|mutation|subscription)\s+(\w+)/.exec(document)?.[2] ?? document, source: `${document}\n${fragments}` }));
}

function cost(source: string, variables: Record<string, unknown> = {}): number {
  const document = parse(source);
  return operationCost(schema, document, getOperationAST(document)!, variables);
}

describe('the operation cost', () => {
  const operations = webOperations();

  it('finds the web app documents', () => {
    expect(operations.map((operation) => operation.name)).toEqual(expect.arrayContaining(['QueuePage', 'CommentThreads']));
  });

  it.each(operations)('leaves room for the web app: $name', ({ source }) => {
    // Pages as large as the API gives: a variable page size counts at its largest.
    expect(cost(source, { first: 100 })).toBeLessThanOrEqual(operationLimits.maxCost / 2);
  });

  it('multiplies by a page size given in a variable, as by a literal', () => {
    const query = 'query($n: Int) { proposals(first: $n) { nodes { id } } }';
    expect(cost(query, { n: 100 })).toBe(cost('{ proposals(first: 100) { nodes { id } } }'));
    expect(cost(query, { n: 100 })).toBeGreaterThan(cost(query, { n: 1 }));
    // No size: the default page of 20.
    expect(cost(query, {})).toBe(cost('{ proposals(first: 20) { nodes { id } } }'));
  });

  it('counts pages and lists nested in each row', () => {
    expect(cost('{ proposals(first: 10) { totalCount nodes { id activity(first: 10) { nodes { action } } } } }')).toBe(
      // proposals, totalCount, nodes; 10 × (id, activity, nodes); 100 × action
      3 + 10 * 3 + 100,
    );
    const ids = Array.from({ length: 7 }, (_, i) => `"id${i}"`).join(', ');
    expect(cost(`{ nodes(ids: [${ids}]) { id } }`)).toBe(1 + 7);
  });

  it('does not count a fragment twice', () => {
    const inline = '{ proposals(first: 10) { nodes { id stage } } }';
    const spread = '{ proposals(first: 10) { nodes { ...Row } } } fragment Row on Proposal { id stage }';
    expect(cost(spread)).toBe(cost(inline));
  });
});
