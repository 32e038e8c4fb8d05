import { DataTypes, Model, QueryTypes, Strata, type CreationOptional } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Owner extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
}
class Pet extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
  declare ownerId: number | null;
}
class Toy extends Model {
  declare id: CreationOptional<number>;
  declare label: string;
  declare petId: number | null;
}
class Licence extends Model {
  declare id: CreationOptional<number>;
  declare code: string;
  declare ownerId: number;
}
class Vet extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
}
class PetVet extends Model {
  declare petId: number;
  declare vetId: number;
  declare visits: number;
}

describeEachDialect('raw: true with include returns flat rows, nest: true nests them (Sequelize)', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    const options = { strata: db, timestamps: false };
    Owner.init({ name: DataTypes.STRING }, { ...options, tableName: 'owners' });
    Pet.init({ name: DataTypes.STRING }, { ...options, tableName: 'pets' });
    Toy.init({ label: { type: DataTypes.STRING, field: 'toy_label' } }, { ...options, tableName: 'toys' });
    Licence.init({ code: DataTypes.STRING }, { ...options, tableName: 'licences' });
    Vet.init({ name: DataTypes.STRING }, { ...options, tableName: 'vets' });
    PetVet.init({ visits: DataTypes.INTEGER }, { ...options, tableName: 'pet_vets' });
    Owner.hasMany(Pet, { as: 'pets' });
    Owner.hasOne(Licence, { as: 'licence' });
    Pet.hasMany(Toy, { as: 'toys' });
    Pet.belongsToMany(Vet, { through: PetVet, as: 'vets' });
    await db.sync({ force: true });
    await Owner.bulkCreate([{ name: 'ann' }, { name: 'bob' }]);
    await Licence.bulkCreate([{ code: 'L1', ownerId: 1 }]);
    await Pet.bulkCreate([
      { name: 'rex', ownerId: 1 },
      { name: 'tom', ownerId: 1 },
    ]);
    await Toy.bulkCreate([{ label: 'ball', petId: 1 }]);
    await Vet.bulkCreate([{ name: 'dr' }]);
    await PetVet.bulkCreate([{ petId: 1, vetId: 1, visits: 3 }]);
  });

  it('one flat row per joined row, included values under their path, nulls where nothing joined', async () => {
    const rows = await Owner.findAll({
      include: ['licence', { association: 'pets', include: ['toys'] }],
      order: [
        ['id', 'ASC'],
        ['pets', 'id', 'ASC'],
      ],
      raw: true,
    });
    expect(rows).toEqual([
      {
        id: 1,
        name: 'ann',
        'licence.id': 1,
        'licence.code': 'L1',
        'licence.ownerId': 1,
        'pets.id': 1,
        'pets.name': 'rex',
        'pets.ownerId': 1,
        'pets.toys.id': 1,
        'pets.toys.label': 'ball',
        'pets.toys.petId': 1,
      },
      {
        id: 1,
        name: 'ann',
        'licence.id': 1,
        'licence.code': 'L1',
        'licence.ownerId': 1,
        'pets.id': 2,
        'pets.name': 'tom',
        'pets.ownerId': 1,
        'pets.toys.id': null,
        'pets.toys.label': null,
        'pets.toys.petId': null,
      },
      {
        id: 2,
        name: 'bob',
        'licence.id': null,
        'licence.code': null,
        'licence.ownerId': null,
        'pets.id': null,
        'pets.name': null,
        'pets.ownerId': null,
        'pets.toys.id': null,
        'pets.toys.label': null,
        'pets.toys.petId': null,
      },
    ]);
    expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype);
  });

  it("include attributes and a belongsToMany's join row ('vets.PetVet.visits')", async () => {
    const rows = await Pet.findAll({
      attributes: ['name'],
      include: [{ association: 'vets', attributes: ['name'], through: { attributes: ['visits'] } }],
      order: [['id', 'ASC']],
      raw: true,
    });
    expect(rows).toEqual([
      { id: 1, name: 'rex', 'vets.id': 1, 'vets.name': 'dr', 'vets.PetVet.visits': 3 },
      { id: 2, name: 'tom', 'vets.id': null, 'vets.name': null, 'vets.PetVet.visits': null },
    ]);
  });

  it('nest: true turns the dotted keys into objects, one per row', async () => {
    const rows = await Owner.findAll({
      where: { id: 1 },
      include: ['licence', 'pets'],
      order: [['pets', 'id', 'ASC']],
      raw: true,
      nest: true,
    });
    expect(rows).toEqual([
      { id: 1, name: 'ann', licence: { id: 1, code: 'L1', ownerId: 1 }, pets: { id: 1, name: 'rex', ownerId: 1 } },
      { id: 1, name: 'ann', licence: { id: 1, code: 'L1', ownerId: 1 }, pets: { id: 2, name: 'tom', ownerId: 1 } },
    ]);
    // limit counts parents, as Sequelize's subquery does.
    expect(await Owner.findAll({ include: ['pets'], limit: 1, order: [['id', 'ASC']], raw: true })).toHaveLength(2);
  });

  it('without raw, instances keep their nested includes', async () => {
    const [owner] = await Owner.findAll({ where: { id: 1 }, include: ['pets'] });
    expect((owner.get('pets') as Pet[]).map((p) => p.name).sort()).toEqual(['rex', 'tom']);
  });

  it('db.query with type SELECT and nest: true nests dotted column names', async () => {
    const q = (name: string): string => (ctx.dialect === 'mysql' ? `\`${name}\`` : `"${name}"`);
    const sql =
      `SELECT o.id AS ${q('id')}, p.name AS ${q('pet.name')}, p.id AS ${q('pet.id')} ` +
      `FROM owners o JOIN pets p ON p.${q('ownerId')} = o.id ORDER BY p.id`;
    const nested = await db.query(sql, { type: QueryTypes.SELECT, nest: true });
    expect(nested).toEqual([
      { id: 1, pet: { name: 'rex', id: 1 } },
      { id: 1, pet: { name: 'tom', id: 2 } },
    ]);
    const flat = await db.query(sql, { type: QueryTypes.SELECT });
    expect((flat as Array<Record<string, unknown>>)[0]).toEqual({ id: 1, 'pet.name': 'rex', 'pet.id': 1 });
  });

  it('a column named like a prototype key is an own property, never a prototype write', async () => {
    const q = (name: string): string => (ctx.dialect === 'mysql' ? `\`${name}\`` : `"${name}"`);
    const rows = (await db.query(`SELECT 1 AS ${q('__proto__.polluted')}`, {
      type: QueryTypes.SELECT,
      nest: true,
    })) as Array<Record<string, unknown>>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(rows[0], '__proto__')?.value).toEqual({ polluted: 1 });
  });
});
