import { main } from './main';

describe('example: json-querying', () => {
  it('queries, orders and updates inside a JSON attribute on SQLite', async () => {
    const lines: string[] = [];
    await main((line) => lines.push(line));
    expect(lines).toEqual([
      'in Oslo: ann, cid',
      'nested form: bob',
      'older than 30: ann',
      'first tag admin: ann',
      'by age: [{"name":"cid","city":"Oslo"},{"name":"bob","city":"Bergen"},{"name":"ann","city":"Oslo"}]',
      'cid after jsonSet: {"age":9,"city":"Trondheim","tags":[]}',
      'names matching ^[ab]: ann, bob',
    ]);
  });
});
