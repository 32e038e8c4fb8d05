import { main } from './main';

describe('example: streaming', () => {
  it('streams customers with their orders, and leaves a loop early', async () => {
    const lines: string[] = [];
    await main((line) => lines.push(line));
    expect(lines).toEqual([
      'streamed 2000 customers, 666 without orders, 2001 in orders',
      'first order of a customer past 1000: customer 1001; orders in all: 2001',
    ]);
  });
});
