import { main } from './main';

describe('example: getting-started', () => {
  it('runs end to end on SQLite', async () => {
    const lines: string[] = [];
    await main((line) => lines.push(line));
    expect(lines).toEqual([
      'created user 1: alice@example.com',
      'users named A...: Adam, Alice',
      'renamed: Alice Liddell',
      'rejected: email failed isEmail',
      'users stored: 2',
    ]);
  });
});
