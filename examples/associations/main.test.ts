import { main } from './main';

describe('example: associations', () => {
  it('reproduces the "Creating with associations" scenarios on SQLite', async () => {
    const lines: string[] = [];
    await main((line) => lines.push(line));
    expect(lines).toEqual([
      'created Chair for Mick with 1 address',
      'created Table by Matt',
      "tags stored: 4, Ann's: 2",
      'users stored after linking Mick to Sofa: 3',
      'Chair: user Mick, tags -',
      'Desk: user -, tags Alpha, Beta',
    ]);
  });
});
