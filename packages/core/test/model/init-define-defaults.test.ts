import { DataTypes, Model, Strata } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

/** The connection's `define` defaults apply to every model on it, Model.init's included. */
describeEachDialect('define defaults and Model.init', (ctx) => {
  let db: Strata;

  it('applies underscored, freezeTableName, timestamps and paranoid from the connection to Model.init', async () => {
    db = ctx.connect({ define: { underscored: true, freezeTableName: true, timestamps: true, paranoid: true } });
    class LineItem extends Model {}
    LineItem.init({ unitPrice: DataTypes.INTEGER }, { strata: db });
    // A model's own option still wins over the connection's.
    class AuditNote extends Model {}
    AuditNote.init({ noteText: DataTypes.STRING }, { strata: db, paranoid: false, underscored: false });
    await db.sync({ force: true });

    expect(LineItem.tableName).toBe('LineItem');
    const columns = Object.keys(await db.getQueryInterface().describeTable('LineItem')).sort();
    expect(columns).toEqual(['created_at', 'deleted_at', 'id', 'unit_price', 'updated_at']);
    const item = await LineItem.create({ unitPrice: 3 });
    await item.destroy();
    expect(await LineItem.count()).toBe(0);
    expect(await LineItem.count({ paranoid: false })).toBe(1);

    expect(Object.keys(await db.getQueryInterface().describeTable('AuditNote')).sort()).toEqual([
      'createdAt',
      'id',
      'noteText',
      'updatedAt',
    ]);
  });
});
