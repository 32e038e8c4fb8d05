import { DataTypes, DatabaseError, Model } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Unsynced extends Model {
  declare id: number;
  declare name: string;
}

describeEachDialect('a query on a table that does not exist', (ctx) => {
  it('says to create it with sync() or the migrations', async () => {
    const db = ctx.connect();
    Unsynced.init({ name: DataTypes.STRING }, { strata: db, tableName: 'never_created', timestamps: false });
    const error = await Unsynced.findAll().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as Error).message).toMatch(/never_created/);
    expect((error as Error).message).toContain('db.sync() creates the models');
    expect((error as Error).message).toContain('strata db:migrate');
  });
});
