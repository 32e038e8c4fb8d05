import { DataTypes, Model, Strata, ValidationError, type CreationOptional } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Person extends Model {
  declare id: CreationOptional<number>;
  declare name: string | null;
  declare age: number;
  declare nickname: string | null;
  declare latitude: number | null;
  declare longitude: number | null;
}

/** Catches the rejection of `promise`, failing the test when it resolves. */
async function failure(promise: Promise<unknown>): Promise<ValidationError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError, the write succeeded');
}

const takenNicknames = new Set(['root']);

describeEachDialect('custom validators on the write path', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    Person.init(
      {
        name: {
          type: DataTypes.STRING,
          allowNull: true,
          validate: {
            // Built-in: skipped for null because allowNull is true.
            len: [2, 20],
            // Custom: still runs for null, and reads another attribute through `this`.
            nullOnlyAtTen(this: Person, value: unknown) {
              if (value === null && this.age !== 10) throw new Error("name can't be null unless age is 10");
            },
          },
        },
        age: { type: DataTypes.INTEGER, allowNull: false },
        nickname: {
          type: DataTypes.STRING,
          validate: {
            async available(value: unknown) {
              await new Promise((resolve) => setTimeout(resolve, 5));
              if (typeof value === 'string' && takenNicknames.has(value)) throw new Error(`${value} is reserved`);
            },
          },
        },
        latitude: { type: DataTypes.DOUBLE, validate: { min: -90, max: 90 } },
        longitude: { type: DataTypes.DOUBLE, validate: { min: -180, max: 180 } },
      },
      {
        strata: db,
        tableName: 'people',
        validate: {
          bothCoordsOrNone(this: Person) {
            if ((this.latitude === null) !== (this.longitude === null)) {
              throw new Error('Either both latitude and longitude, or neither!');
            }
          },
        },
      },
    );
    await db.sync({ force: true });
  });

  beforeEach(async () => {
    await Person.destroy({ all: true });
  });

  it('allowNull: true and null: built-ins are skipped, the custom validator runs and sees other attributes', async () => {
    const error = await failure(Person.create({ name: null, age: 11, latitude: null, longitude: null }));
    expect(error.errors.map((e) => [e.path, e.validatorKey, e.message])).toEqual([
      ['name', 'nullOnlyAtTen', "name can't be null unless age is 10"],
    ]);
    const ten = await Person.create({ name: null, age: 10, latitude: null, longitude: null });
    expect((await Person.findByPk(ten.id))?.name).toBeNull();
  });

  it('allowNull: false and null: a notNull violation, other validators skipped', async () => {
    const error = await failure(Person.create({ name: 'Ann', age: null as never }));
    expect(error.errors.map((e) => [e.path, e.type, e.validatorKey])).toEqual([
      ['age', 'notNull violation', 'notNull'],
    ]);
    expect(await Person.count()).toBe(0);
  });

  it('an async custom validator is awaited before the write', async () => {
    const error = await failure(Person.create({ name: 'Ann', age: 30, nickname: 'root' }));
    expect(error.errors.map((e) => [e.path, e.validatorKey, e.message])).toEqual([
      ['nickname', 'available', 'root is reserved'],
    ]);
    expect(await Person.count()).toBe(0);
    await Person.create({ name: 'Ann', age: 30, nickname: 'annie' });
    expect(await Person.count()).toBe(1);
  });

  it('a model validator reports under its name, alongside the attribute failures', async () => {
    const error = await failure(Person.create({ name: 'A', age: 30, latitude: 10, longitude: null }));
    expect(error.errors.map((e) => [e.path, e.scope])).toEqual([
      ['name', 'attribute'],
      ['bothCoordsOrNone', 'model'],
    ]);
    expect(error.message).toMatch(/Person failed bothCoordsOrNone \(Either both latitude and longitude, or neither!\)/);
    expect(await Person.count()).toBe(0);
  });

  it('on an instance update the custom validator reads the unchanged attributes of the instance', async () => {
    const ten = await Person.create({ name: 'Ann', age: 10 });
    await ten.update({ name: null });
    const eleven = await Person.create({ name: 'Bob', age: 11 });
    const error = await failure(eleven.update({ name: null }));
    expect(error.errors.map((e) => e.validatorKey)).toEqual(['nullOnlyAtTen']);
    expect((await Person.findByPk(eleven.id))?.name).toBe('Bob');
    // Model validators run on every update too (a fresh copy: the failed update left name dirty).
    const stored = (await Person.findByPk(eleven.id))!;
    const coords = await failure(stored.update({ latitude: 5 }));
    expect(coords.errors.map((e) => e.path)).toEqual(['bothCoordsOrNone']);
    expect((await Person.findByPk(eleven.id))?.latitude).toBeNull();
  });

  it('instance.validate({ skip }) leaves attributes and model validators out', async () => {
    const person = Person.build({ name: 'A', age: 30, latitude: 10, longitude: null });
    const all = await failure(person.validate());
    expect(all.errors.map((e) => e.path)).toEqual(['name', 'bothCoordsOrNone']);
    const some = await failure(person.validate({ skip: ['bothCoordsOrNone'] }));
    expect(some.errors.map((e) => e.path)).toEqual(['name']);
    await person.validate({ skip: ['name', 'bothCoordsOrNone'] });
  });
});
