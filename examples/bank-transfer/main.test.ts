import { main } from './main';

describe('example: bank-transfer', () => {
  it('commits a transfer and rolls back a refused one on SQLite', async () => {
    const lines: string[] = [];
    await main((line) => lines.push(line));
    expect(lines).toEqual([
      'before: Alice 100, Bob 20',
      'after Alice sends Bob 30: Alice 70, Bob 50',
      'refused: Bob has only 50',
      // Alice's credit of 500 was written before the check failed, and rolled back.
      'after the refused transfer: Alice 70, Bob 50',
      'transfers recorded: 1',
    ]);
  });
});
