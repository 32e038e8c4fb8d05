import { DataTypes, Model, Strata, ValidationError, type CreationOptional } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Author extends Model {
  declare id: CreationOptional<number>;
  declare email: string;
  declare name: string;
  declare age: number | null;
}

class Book extends Model {
  declare id: CreationOptional<number>;
  declare title: string;
  declare authorId: CreationOptional<number>;
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

describeEachDialect('when validation runs', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    Author.init(
      {
        email: { type: DataTypes.STRING, allowNull: false, unique: true, validate: { isEmail: true } },
        name: { type: DataTypes.STRING, allowNull: false, validate: { len: [2, 20] } },
        age: { type: DataTypes.INTEGER, validate: { min: 0 } },
      },
      { strata: db, tableName: 'authors' },
    );
    Book.init(
      { title: { type: DataTypes.STRING, allowNull: false, validate: { notEmpty: true } } },
      {
        strata: db,
        tableName: 'books',
      },
    );
    Author.hasMany(Book, { foreignKey: 'authorId' });
    await db.sync({ force: true });
  });

  beforeEach(async () => {
    await Book.destroy({ all: true });
    await Author.destroy({ all: true });
  });

  it('create: every failure of the record is reported and no row is written', async () => {
    const error = await failure(Author.create({ email: 'nope', name: 'x', age: -1 }));
    expect(error.errors.map((e) => [e.path, e.validatorKey])).toEqual([
      ['email', 'isEmail'],
      ['name', 'len'],
      ['age', 'min'],
    ]);
    expect(error.message).toMatch(/Author\.email failed isEmail.*Author\.name failed len.*Author\.age failed min/);
    expect(await Author.count()).toBe(0);
  });

  it('build + save validates, and validate: false skips the validators', async () => {
    const author = Author.build({ email: 'bad', name: 'Ann' });
    await failure(author.save());
    expect(author.isNewRecord).toBe(true);
    expect(await Author.count()).toBe(0);
    await Author.build({ email: 'bad', name: 'Ann' }).save({ validate: false });
    expect(await Author.count()).toBe(1);
  });

  it('instance update validates the changed attributes and leaves the row as it was', async () => {
    const author = await Author.create({ email: 'ann@example.com', name: 'Ann' });
    const error = await failure(author.update({ name: 'A' }));
    expect(error.errors.map((e) => e.path)).toEqual(['name']);
    expect((await Author.findByPk(author.id))?.name).toBe('Ann');
  });

  it('static update validates only the attributes being set', async () => {
    await Author.create({ email: 'ann@example.com', name: 'Ann' });
    // name and email are not set here: their notNull checks do not fire.
    await Author.update({ age: 30 }, { where: { name: 'Ann' } });
    const error = await failure(Author.update({ age: -5 }, { where: { name: 'Ann' } }));
    expect(error.errors.map((e) => [e.path, e.validatorKey])).toEqual([['age', 'min']]);
    expect((await Author.findOne({ where: { name: 'Ann' } }))?.age).toBe(30);
  });

  it('bulkCreate validates by default and reports the index of every failing row', async () => {
    const error = await failure(
      Author.bulkCreate([
        { email: 'ok@example.com', name: 'Ok' },
        { email: 'bad', name: 'Bo' },
        { email: 'fine@example.com', name: 'Fi' },
        { email: 'also-bad', name: 'C' },
      ]),
    );
    expect(error.errors.map((e) => [e.index, e.path, e.validatorKey])).toEqual([
      [1, 'email', 'isEmail'],
      [3, 'email', 'isEmail'],
      [3, 'name', 'len'],
    ]);
    expect(error.message).toMatch(/^Row 1: Validation error: Author\.email .*; Row 3: Validation error: Author\.email/);
    expect(await Author.count()).toBe(0);
  });

  it('bulkCreate with validate: false writes rows the validators would refuse', async () => {
    await Author.bulkCreate([{ email: 'bad', name: 'B' }], { validate: false });
    expect(await Author.count()).toBe(1);
  });

  it('upsert validates before the statement', async () => {
    await Author.create({ email: 'ann@example.com', name: 'Ann' });
    const error = await failure(Author.upsert({ email: 'ann@example.com', name: 'A' }));
    expect(error.errors.map((e) => e.path)).toEqual(['name']);
    expect((await Author.findOne({ where: { email: 'ann@example.com' } }))?.name).toBe('Ann');
  });

  it('findOrCreate validates the row it creates', async () => {
    await failure(Author.findOrCreate({ where: { email: 'new@example.com' }, defaults: { name: 'N' } }));
    expect(await Author.count()).toBe(0);
  });

  it('nested create validates every row of the graph before the first INSERT', async () => {
    const error = await failure(
      Author.create({ email: 'ann@example.com', name: 'Ann', books: [{ title: 'One' }, { title: '' }] } as never, {
        include: ['books'],
      }),
    );
    expect(error.errors.map((e) => [e.path, e.validatorKey])).toEqual([['title', 'notEmpty']]);
    expect(await Author.count()).toBe(0);
    expect(await Book.count()).toBe(0);
  });

  it('instance.validate() runs the validators by hand, and by field', async () => {
    const author = Author.build({ email: 'bad', name: 'A' });
    const all = await failure(author.validate());
    expect(all.errors.map((e) => e.path)).toEqual(['email', 'name']);
    const some = await failure(author.validate({ fields: ['name'] }));
    expect(some.errors.map((e) => e.path)).toEqual(['name']);
  });

  it('items carry path, message, type, validatorKey, validatorArgs, value and a hidden instance; JSON is safe', async () => {
    const author = Author.build({ email: 'ann@example.com', name: 'A' });
    const error = await failure(author.save());
    const [item] = error.errors;
    expect(item).toMatchObject({
      path: 'name',
      type: 'Validation error',
      validatorKey: 'len',
      validatorArgs: [2, 20],
      value: 'A',
    });
    expect(item.message).toEqual(expect.any(String));
    expect(item.instance).toBe(author);
    expect(Object.keys(item)).not.toContain('instance');
    const json = JSON.parse(JSON.stringify(error)) as { message: string; errors: Array<Record<string, unknown>> };
    expect(json.message).toBe(error.message);
    expect(json.errors[0]).toMatchObject({ path: 'name', validatorKey: 'len' });
  });
});
