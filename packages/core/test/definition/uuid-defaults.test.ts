import { CreationOptional, DataTypes, Model, Strata, describeChange, diffModels, fn } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

class Token extends Model {
  declare id: CreationOptional<string>;
  declare name: string;
}
class Ticket extends Model {
  declare id: CreationOptional<string>;
  declare name: string;
}

describeEachDialect('UUID defaults', (ctx) => {
  let db: Strata;
  beforeAll(() => {
    db = ctx.connect();
  });

  it('DataTypes.UUIDV4 stays client-side: the id exists before the INSERT and is the one stored', async () => {
    Ticket.init(
      { id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 }, name: DataTypes.STRING },
      { strata: db, timestamps: false },
    );
    await Ticket.sync({ force: true });
    const built = Ticket.build({ name: 'a' });
    expect(built.id).toMatch(UUID);
    await built.save();
    expect((await Ticket.findAll()).map((row) => row.id)).toEqual([built.id]);
    // No DEFAULT in the table: the value is Strata's, not the database's.
    const columns = await db.getQueryInterface().describeTable('Tickets');
    expect(columns.id?.defaultValue ?? null).toBeNull();
  });

  if (ctx.dialect !== 'postgres') return;

  it("defaultValue: fn('gen_random_uuid') is the column's DEFAULT, and create() reads the generated id back", async () => {
    Token.init(
      {
        id: { type: DataTypes.UUID, primaryKey: true, defaultValue: fn('gen_random_uuid') },
        name: DataTypes.STRING,
      },
      { strata: db, timestamps: false },
    );
    await Token.sync({ force: true });
    const columns = await db.getQueryInterface().describeTable('Tokens');
    expect(columns.id?.defaultValue).toMatch(/^gen_random_uuid\(\)$/);
    expect((await diffModels(db)).map(describeChange)).toEqual([]);

    const first = await Token.create({ name: 'first' });
    const second = await Token.create({ name: 'second' });
    expect(first.id).toMatch(UUID);
    expect(second.id).toMatch(UUID);
    expect(first.id).not.toBe(second.id);
    expect((await Token.findByPk(first.id))?.name).toBe('first');
    // Another client's INSERT without an id gets one from the database too.
    await db.query(`INSERT INTO "Tokens" (name) VALUES ('raw')`);
    expect((await Token.findOne({ where: { name: 'raw' } }))?.id).toMatch(UUID);
    // An id given by the caller wins over the default.
    const given = await Token.create({ id: 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', name: 'given' });
    expect((await Token.findByPk(given.id))?.id).toBe('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
  });
});
