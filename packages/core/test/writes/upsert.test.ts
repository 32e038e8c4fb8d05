import { DataTypes, InvalidQueryError, Model, Strata, ValidationError, type CreationOptional } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Setting extends Model {
  declare id: CreationOptional<number>;
  declare key: string;
  declare value: string | null;
  declare hits: CreationOptional<number>;
}

describeEachDialect('upsert', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    Setting.init(
      {
        key: { type: DataTypes.STRING, allowNull: false, unique: true, field: 'setting_key' },
        value: { type: DataTypes.STRING, validate: { notEmpty: true } },
        hits: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      },
      { strata: db, tableName: 'settings' },
    );
    await db.sync({ force: true });
  });

  beforeEach(async () => {
    await Setting.destroy({ all: true });
  });

  it('inserts a new row and returns it as stored', async () => {
    const [setting, created] = await Setting.upsert({ key: 'theme', value: 'dark' });
    expect(typeof setting.id).toBe('number');
    expect(setting.get({ plain: true })).toMatchObject({ key: 'theme', value: 'dark', hits: 0 });
    expect(setting.isNewRecord).toBe(false);
    if (ctx.dialect === 'mysql') expect(created).toBe(true);
    else expect(created).toBeNull();
    expect(await Setting.count()).toBe(1);
  });

  it('updates the row with the same unique key (inferred) and returns the updated row', async () => {
    const original = await Setting.create({ key: 'lang', value: 'en' });
    const [setting, created] = await Setting.upsert({ key: 'lang', value: 'fr' });
    expect(setting.id).toBe(original.id);
    expect(setting.value).toBe('fr');
    if (ctx.dialect === 'mysql') expect(created).toBe(false);
    expect(await Setting.count()).toBe(1);
    expect((await Setting.findByPk(original.id))?.value).toBe('fr');
    expect((await Setting.findByPk(original.id))?.get('createdAt')).toEqual(original.get('createdAt'));
  });

  it('updates by primary key and honours fields and explicit conflictFields', async () => {
    const original = await Setting.create({ key: 'tz', value: 'UTC', hits: 3 });
    const [byKey] = await Setting.upsert({ id: original.id, key: 'tz', value: 'CET', hits: 9 }, { fields: ['value'] });
    expect(byKey.value).toBe('CET');
    expect(byKey.hits).toBe(3);
    const [explicit] = await Setting.upsert({ key: 'tz', value: 'EST' }, { conflictFields: ['key'] });
    expect(explicit.id).toBe(original.id);
    expect(explicit.value).toBe('EST');
  });

  it('refuses values without a key, invalid values, and unknown conflict fields, writing nothing', async () => {
    await expect(Setting.upsert({ value: 'x' } as never)).rejects.toThrow(
      /needs the primary key or a unique attribute/,
    );
    await expect(Setting.upsert({ key: 'k', value: '' })).rejects.toBeInstanceOf(ValidationError);
    await expect(Setting.upsert({ key: 'k' }, { conflictFields: ['nope' as never] })).rejects.toBeInstanceOf(
      InvalidQueryError,
    );
    expect(await Setting.count()).toBe(0);
  });
});
