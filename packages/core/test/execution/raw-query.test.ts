import { DataTypes, InvalidQueryError, Model, QueryTypes, Strata, type CreationOptional } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Pet extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
  declare born: Date | null;
}

describeEachDialect('raw queries and logging', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    Pet.init(
      { name: { type: DataTypes.STRING, allowNull: false, field: 'pet_name' }, born: DataTypes.DATE },
      { strata: db, tableName: 'pets', timestamps: false },
    );
    await db.sync({ force: true });
    await Pet.bulkCreate([
      { name: 'Rex', born: new Date('2020-01-02T03:04:05.000Z') },
      { name: ':name' },
      { name: 'what?' },
    ]);
  });

  it('substitutes :name and ? replacements in one pass, never re-reading values as placeholders', async () => {
    const named = await db.query('SELECT pet_name AS n FROM pets WHERE pet_name = :name OR pet_name = :other', {
      replacements: { name: ':name', other: ':other' },
      type: QueryTypes.SELECT,
    });
    expect(named).toEqual([{ n: ':name' }]);
    const positional = await db.query('SELECT pet_name AS n FROM pets WHERE pet_name = ? OR pet_name = ?', {
      replacements: ['what?', '?'],
      type: QueryTypes.SELECT,
    });
    expect(positional).toEqual([{ n: 'what?' }]);
    const list = await db.query('SELECT pet_name AS n FROM pets WHERE pet_name IN (:names) ORDER BY pet_name', {
      replacements: { names: ['Rex', 'what?'] },
      type: QueryTypes.SELECT,
    });
    expect(list).toEqual([{ n: 'Rex' }, { n: 'what?' }]);
    // Placeholders inside string literals are text, not placeholders.
    const literal = await db.query("SELECT ':name' AS a, '?' AS b, :x AS c", {
      replacements: { x: 'bound' },
      type: QueryTypes.SELECT,
      plain: true,
    });
    expect(literal).toEqual({ a: ':name', b: '?', c: 'bound' });
  });

  it('refuses missing, surplus and object replacements', async () => {
    await expect(db.query('SELECT :a AS a', { replacements: {} })).rejects.toThrow(/no replacement named :a/);
    await expect(db.query('SELECT ? AS a', { replacements: [1, 2] })).rejects.toThrow(/2 replacements given for 1/);
    await expect(db.query('SELECT :a AS a', { replacements: { a: { $ne: null } } })).rejects.toBeInstanceOf(
      InvalidQueryError,
    );
  });

  it('binds $1 and $name parameters', async () => {
    const rows = await db.query('SELECT pet_name AS n FROM pets WHERE pet_name = $1', {
      bind: ['Rex'],
      type: QueryTypes.SELECT,
    });
    expect(rows).toEqual([{ n: 'Rex' }]);
    const named = await db.query('SELECT pet_name AS n FROM pets WHERE pet_name = $who', {
      bind: { who: ':name' },
      type: QueryTypes.SELECT,
    });
    expect(named).toEqual([{ n: ':name' }]);
  });

  it('resolves to [results, metadata] by default and maps rows to a model', async () => {
    const [rows, metadata] = (await db.query("UPDATE pets SET born = NULL WHERE pet_name = 'nobody'")) as [
      unknown[],
      { affectedRows: number },
    ];
    expect(rows).toEqual([]);
    expect(metadata.affectedRows).toBe(0);
    const pets = (await db.query('SELECT * FROM pets WHERE pet_name = :n', {
      replacements: { n: 'Rex' },
      type: QueryTypes.SELECT,
      model: Pet,
      mapToModel: true,
    })) as Pet[];
    expect(pets[0]).toBeInstanceOf(Pet);
    expect(pets[0].name).toBe('Rex');
    expect(pets[0].born).toEqual(new Date('2020-01-02T03:04:05.000Z'));
    expect(pets[0].isNewRecord).toBe(false);
    const one = await db.query('SELECT * FROM pets WHERE pet_name = ?', {
      replacements: ['what?'],
      type: QueryTypes.SELECT,
      model: Pet,
      plain: true,
    });
    expect((one as Pet).name).toBe('what?');
  });

  it('logs every statement per call, with timings when benchmark is on', async () => {
    const calls: Array<[string, number | undefined]> = [];
    const log = (sql: string, timing?: number): void => {
      calls.push([sql, timing]);
    };
    await Pet.findAll({ where: { name: 'Rex' }, logging: log });
    expect(calls).toHaveLength(1);
    expect(calls[0][0]).toMatch(/select/i);
    expect(calls[0][0]).not.toContain('Rex');
    expect(calls[0][1]).toBeUndefined();
    await Pet.count({ logging: log, benchmark: true });
    expect(typeof calls[1][1]).toBe('number');
    await db.query('SELECT 1', { logging: log, benchmark: true });
    expect(calls).toHaveLength(3);
    await Pet.findAll({ logging: false });
    expect(calls).toHaveLength(3);
  });

  it('logs through the connection option unless a call says logging: false', async () => {
    const seen: Array<number | undefined> = [];
    const logged = ctx.connect({ logging: (_sql, timing) => seen.push(timing), benchmark: true });
    await logged.query('SELECT 1');
    expect(seen).toHaveLength(1);
    expect(typeof seen[0]).toBe('number');
    await logged.query('SELECT 1', { logging: false });
    expect(seen).toHaveLength(1);
  });
});
