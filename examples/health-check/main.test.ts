import { main } from './main';

describe('example: health-check', () => {
  it('reports pool events and a healthy server on SQLite', async () => {
    const lines: string[] = [];
    await main((line) => lines.push(line));
    expect(lines).toEqual([
      'visits: 3',
      'pool events: {"acquire":3,"release":3}',
      'GET /health -> 200 {"servers":[{"server":"primary","status":"up","inUse":0,"waiting":0}]}',
    ]);
  });
});
