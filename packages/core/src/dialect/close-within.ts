/**
 * Waits for a pool's graceful end for at most `graceMs`; then `forceClose` destroys the
 * connections still in use (a query on a silent server, a transaction never ended), and the
 * end is awaited once more for what is left, bounded again. close() never hangs.
 */
export async function closeWithin(ending: Promise<unknown>, graceMs: number, forceClose: () => void): Promise<void> {
  const settled = ending.then(
    () => true,
    () => true,
  );
  if (await within(settled, graceMs)) return;
  forceClose();
  await within(settled, Math.max(graceMs, 1000));
}

function within(settled: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([settled, expired]).finally(() => clearTimeout(timer));
}
