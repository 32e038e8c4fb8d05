import { main } from './main';

describe('example: production', () => {
  it('records each payment once, branches on LockTimeoutError and retries through contention', async () => {
    const lines: string[] = [];
    await main((line) => lines.push(line));
    expect(lines).toEqual([
      'first call: recorded',
      'same request again: already recorded',
      'while another connection writes: LockTimeoutError, retryable: true',
      'with retry: recorded',
      'payments: req-1, req-2',
    ]);
  });
});
