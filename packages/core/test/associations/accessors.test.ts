import {
  DataTypes,
  Model,
  Strata,
  type BelongsToCreateAssociationMixin,
  type BelongsToGetAssociationMixin,
  type BelongsToSetAssociationMixin,
  type CreationOptional,
  type HasManyAddAssociationsMixin,
  type HasManyCountAssociationsMixin,
  type HasManyCreateAssociationMixin,
  type HasManyGetAssociationsMixin,
  type HasManyHasAssociationMixin,
  type HasManyHasAssociationsMixin,
  type HasManyRemoveAssociationMixin,
  type HasManySetAssociationsMixin,
} from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Owner extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
  declare getPets: HasManyGetAssociationsMixin<Pet>;
  declare countPets: HasManyCountAssociationsMixin;
  declare hasPet: HasManyHasAssociationMixin<Pet, number>;
  declare hasPets: HasManyHasAssociationsMixin<Pet, number>;
  declare addPets: HasManyAddAssociationsMixin<Pet, number>;
  declare removePet: HasManyRemoveAssociationMixin<Pet, number>;
  declare setPets: HasManySetAssociationsMixin<Pet, number>;
  declare createPet: HasManyCreateAssociationMixin<Pet, 'ownerId'>;
}
class Pet extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
  declare ownerId: number | null;
  declare getOwner: BelongsToGetAssociationMixin<Owner>;
  declare setOwner: BelongsToSetAssociationMixin<Owner, number>;
  declare createOwner: BelongsToCreateAssociationMixin<Owner>;
}
class Passport extends Model {
  declare id: CreationOptional<number>;
  declare code: string;
  declare ownerId: number | null;
}
class Club extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
}

type Accessors = Record<string, (...args: unknown[]) => Promise<unknown>>;
const call = (instance: Model): Accessors => instance as unknown as Accessors;

describeEachDialect('association accessors', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    Owner.init({ name: DataTypes.STRING }, { strata: db, tableName: 'owners' });
    Pet.init({ name: DataTypes.STRING }, { strata: db, tableName: 'pets' });
    Passport.init({ code: DataTypes.STRING }, { strata: db, tableName: 'passports' });
    Club.init({ name: DataTypes.STRING }, { strata: db, tableName: 'clubs' });
    Owner.hasMany(Pet);
    Pet.belongsTo(Owner);
    Owner.hasOne(Passport);
    Owner.belongsToMany(Club, { through: 'owner_clubs' });
    Club.belongsToMany(Owner, { through: 'owner_clubs' });
    Owner.belongsToMany(Owner, { as: 'friends', through: 'friendships', otherKey: 'friendId' });
    await db.sync({ force: true });
  });

  it('hasMany: create, get, count, add, has, remove, set (typed by the mixin declarations)', async () => {
    const ann = await Owner.create({ name: 'Ann' });
    const rex = await ann.createPet({ name: 'Rex' });
    expect(rex.ownerId).toBe(ann.id);
    const tom = await Pet.create({ name: 'Tom' });
    const kit = await Pet.create({ name: 'Kit' });
    await ann.addPets([tom, kit.id]);
    expect(await ann.countPets()).toBe(3);
    expect(await ann.hasPet(tom)).toBe(true);
    expect(await ann.hasPets([tom, kit])).toBe(true);
    await ann.removePet(tom);
    expect(await ann.hasPet(tom)).toBe(false);
    await ann.setPets([tom]);
    const pets = await ann.getPets({ order: [['name', 'ASC']] });
    expect(pets.map((p) => p.name)).toEqual(['Tom']);
    expect((await ann.getPets({ where: { name: 'Kit' } })).length).toBe(0);
  });

  it('belongsTo: get, set, create', async () => {
    const bob = await Owner.create({ name: 'Bob' });
    const pet = await Pet.create({ name: 'Fido' });
    expect(await pet.getOwner()).toBeNull();
    await pet.setOwner(bob);
    expect((await Pet.findByPk(pet.id))!.ownerId).toBe(bob.id);
    expect((await pet.getOwner())!.name).toBe('Bob');
    const cat = await Pet.create({ name: 'Cat' });
    const cid = await cat.createOwner({ name: 'Cid' });
    expect((await Pet.findByPk(cat.id))!.ownerId).toBe(cid.id);
    await pet.setOwner(null);
    expect((await Pet.findByPk(pet.id))!.ownerId).toBeNull();
  });

  it('hasOne: create, get, set replaces the previous target', async () => {
    const dan = await Owner.create({ name: 'Dan' });
    const first = (await call(dan).createPassport({ code: 'A1' })) as Passport;
    expect(((await call(dan).getPassport()) as Passport).code).toBe('A1');
    const second = await Passport.create({ code: 'B2' } as never);
    await call(dan).setPassport(second);
    expect(((await call(dan).getPassport()) as Passport).code).toBe('B2');
    expect(((await Passport.findByPk(first.id)) as Passport).ownerId).toBeNull();
  });

  it('belongsToMany: add, has, count, get with join rows, remove, set, create', async () => {
    const eve = await Owner.create({ name: 'Eve' });
    const [chess, golf, polo] = await Club.bulkCreate([{ name: 'chess' }, { name: 'golf' }, { name: 'polo' }] as never);
    await call(eve).addClubs([chess, golf]);
    await call(eve).addClub(chess); // already linked: no duplicate join row
    expect(await call(eve).countClubs()).toBe(2);
    expect(await call(eve).hasClubs([chess, golf])).toBe(true);
    expect(await call(eve).hasClub(polo)).toBe(false);
    const clubs = (await call(eve).getClubs({ order: [['name', 'ASC']] })) as Club[];
    expect(clubs.map((c) => c.name)).toEqual(['chess', 'golf']);
    expect((clubs[0].get('owner_clubs') as Model).get('ownerId')).toBe(eve.id);
    await call(eve).removeClub(chess);
    expect(await call(eve).countClubs()).toBe(1);
    await call(eve).setClubs([polo]);
    expect(((await call(eve).getClubs()) as Club[]).map((c) => c.name)).toEqual(['polo']);
    await call(eve).createClub({ name: 'bridge' });
    expect(await call(eve).countClubs()).toBe(2);
    const members = (await call(polo).getOwners()) as Owner[];
    expect(members.map((o) => o.name)).toEqual(['Eve']);
  });

  it('self-referencing belongsToMany with otherKey, loaded by include', async () => {
    const [gil, hal, ivy] = await Owner.bulkCreate([{ name: 'Gil' }, { name: 'Hal' }, { name: 'Ivy' }] as never);
    await call(gil).addFriends([hal, ivy]);
    await call(hal).addFriend(ivy);
    const owners = await Owner.findAll({
      where: { id: [gil.id, hal.id, ivy.id] },
      include: ['friends'],
      order: [
        ['name', 'ASC'],
        ['friends', 'name', 'DESC'],
      ],
    });
    expect(owners.map((o) => [o.name, (o.get('friends') as Owner[]).map((f) => f.name)])).toEqual([
      ['Gil', ['Ivy', 'Hal']],
      ['Hal', ['Ivy']],
      ['Ivy', []],
    ]);
  });

  it('accessors take a transaction and roll back with it', async () => {
    const fay = await Owner.create({ name: 'Fay' });
    await expect(
      db.transaction(async (t) => {
        await call(fay).createPet({ name: 'Ghost' }, { transaction: t });
        expect(await call(fay).countPets({ transaction: t })).toBe(1);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await call(fay).countPets()).toBe(0);
  });
});
