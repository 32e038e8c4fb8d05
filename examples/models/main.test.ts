import { main } from './main';

describe('example: models', () => {
  it('runs end to end on SQLite', async () => {
    const lines: string[] = [];
    await main((line) => lines.push(line));
    expect(lines).toEqual([
      'columns: id, shop_id, sku, title, price, stock, status, attributes, launch_day, secret_hash, created_at, updated_at, deleted_at, version',
      'indexes: Products_status_created_at, products_live_title, products_shop_sku',
      'read back: LAMP-1: Desk lamp, price 19.90, stock 9007199254740993, launch 2024-02-29',
      'json: {"colours":["black","white"],"dimmable":true}; secret stored: true',
      'stale save refused; price still 19.90',
      'after destroy: found nothing, with paranoid: false LAMP-1',
      'restored: 1 product',
    ]);
  });
});
