import { main } from './main';

describe('example: decorators', () => {
  it('runs end to end on SQLite', async () => {
    const lines: string[] = [];
    await main((line) => lines.push(line));
    expect(lines).toEqual([
      'created BK-001 at revision 0, created at a Date',
      'under 10.00: south/BK-001',
      'rejected: sku (len), category (isIn), tags (isLowercaseList), freeItemsHaveNoStock (freeItemsHaveNoStock)',
      'stale update refused; revision is now 1',
      'after soft delete: 1 visible, 2 stored',
      'indexes: by_category(category, price_cents); sku_per_shop(shop, sku)',
      'scopes: cheap, inCategory; hooks: true',
    ]);
  });
});
