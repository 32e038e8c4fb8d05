import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { main } from './main';

describe('example: cli-project', () => {
  beforeAll(() => {
    if (!existsSync(join(__dirname, '..', '..', 'packages', 'cli', 'dist', 'main.js'))) {
      throw new Error('packages/cli is not built: run `pnpm run build` (the test script does) before jest');
    }
  });

  it('migrates, seeds, checks the models and undoes with the built strata binary on SQLite', async () => {
    const lines: string[] = [];
    await main((line) => lines.push(line));
    expect(lines).toEqual([
      'status:\nup   20260101000000-create-users.js\nup   20260101000001-add-user-age.ts',
      'seeded',
      'The database schema matches the models.',
      'after undo:\nup   20260101000000-create-users.js\ndown 20260101000001-add-user-age.ts',
      'all undone',
    ]);
  });
});
