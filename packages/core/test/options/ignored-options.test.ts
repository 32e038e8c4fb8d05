import { DataTypes, Model, type CreationOptional, type Strata } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';
import { ignoredWarnings } from '../../../../test-support/ignored-warnings';

class Note extends Model {
  declare id: CreationOptional<number>;
  declare title: string;
}

// Options valid on one dialect and meaningless on another are not errors (portable code keeps
// running) and never dropped silently: a warning names the option and the dialect.
describeEachDialect('options a dialect has no use for', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    Note.init({ title: DataTypes.STRING }, { strata: db, tableName: 'ignored_notes' });
    await db.sync({ force: true });
  });

  it('says when a table engine is ignored (MySQL only has them)', async () => {
    class Engined extends Model {}
    const warnings = await ignoredWarnings(async () => {
      Engined.init({ title: DataTypes.STRING }, { strata: db, tableName: 'ignored_engined', engine: 'InnoDB' });
      await Engined.sync({ force: true });
    });
    if (ctx.dialect === 'mysql') expect(warnings).toEqual([]);
    else expect(warnings).toEqual([`Engined: the engine option is ignored on ${ctx.dialect} (a MySQL table option)`]);
  });

  it('says when a row lock is ignored (SQLite has none)', async () => {
    const warnings = await ignoredWarnings(() =>
      db.transaction((transaction) => Note.findAll({ lock: true, transaction })),
    );
    if (ctx.dialect === 'sqlite')
      expect(warnings).toEqual([expect.stringContaining('the lock option is ignored on sqlite')]);
    else expect(warnings).toEqual([]);
  });

  it('says when an index prefix length is ignored (MySQL only has them)', async () => {
    const warnings = await ignoredWarnings(() =>
      db.getQueryInterface().addIndex('ignored_notes', [{ name: 'title', length: 5 }], { name: 'ignored_notes_title' }),
    );
    if (ctx.dialect === 'mysql') expect(warnings).toEqual([]);
    else
      expect(warnings).toEqual([
        expect.stringContaining('index ignored_notes_title on ignored_notes: a column length is ignored'),
      ]);
  });
});
