import { join } from 'node:path';
import { DataTypes, Model, type CreationOptional, type Strata } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';
import { runScriptOutput } from '../../../../test-support/child-script';

class Note extends Model {
  declare id: CreationOptional<number>;
  declare body: string;
}

describeEachDialect('logging', (ctx) => {
  let printed: string[];
  let print: jest.SpyInstance;

  beforeEach(() => {
    printed = [];
    print = jest.spyOn(console, 'log').mockImplementation((line: unknown) => void printed.push(String(line)));
  });
  afterEach(() => print.mockRestore());

  function define(db: Strata): void {
    Note.init({ body: { type: DataTypes.STRING, allowNull: false } }, { strata: db, timestamps: false });
  }

  it('prints every statement with console.log for logging: true', async () => {
    const db = ctx.connect({ logging: true });
    define(db);
    await db.sync({ force: true });
    await Note.create({ body: 'hello' });
    expect(printed.some((line) => /^Executing: insert into .*Notes/i.test(line))).toBe(true);
    // Placeholders only: the value never reaches the log without logQueryParameters.
    expect(printed.join('\n')).not.toContain('hello');
  });

  it('takes logging: true on one call of a silent connection, and logging: false silences one call', async () => {
    const db = ctx.connect();
    define(db);
    await db.sync({ force: true });
    await Note.findAll({ logging: true });
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/^Executing: select .* from .Notes./i);

    const loud = ctx.connect({ logging: true });
    define(loud);
    await loud.sync({ force: true, logging: false });
    printed.length = 0;
    await Note.findAll({ logging: false });
    expect(printed).toEqual([]);
  });

  it('passes benchmark times in milliseconds rounded to 0.1', async () => {
    const times: number[] = [];
    const db = ctx.connect({ benchmark: true, logging: (_sql, ms) => void times.push(ms ?? NaN) });
    define(db);
    await db.sync({ force: true });
    await Note.bulkCreate([{ body: 'a' }, { body: 'b' }]);
    await Note.findAll();
    expect(times.length).toBeGreaterThan(2);
    for (const ms of times) {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(Math.round(ms * 10) / 10).toBe(ms);
    }
  });
});

describe('DEBUG=strata:*', () => {
  const script = join(__dirname, 'fixtures', 'debug-sql.ts');

  it('logs statements, transactions and pool waits to their debug channels without a logging option', async () => {
    const { stderr } = await runScriptOutput(script, { DEBUG: 'strata:*', DEBUG_COLORS: 'no' });
    expect(stderr).toMatch(/strata:sql SELECT 1 AS one/);
    expect(stderr).toMatch(/strata:tx begin/);
    expect(stderr).toMatch(/strata:tx committed/);
    expect(stderr).toMatch(/strata:pool acquired a sqlite connection in [\d.]+ ms/);
  });

  it('is silent without DEBUG, and DEBUG=strata:sql leaves the other channels off', async () => {
    expect((await runScriptOutput(script, { DEBUG: '' })).stderr).not.toContain('strata:');
    const sqlOnly = (await runScriptOutput(script, { DEBUG: 'strata:sql', DEBUG_COLORS: 'no' })).stderr;
    expect(sqlOnly).toContain('strata:sql');
    expect(sqlOnly).not.toMatch(/strata:(tx|pool)/);
  });
});
