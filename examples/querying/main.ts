/**
 * Querying and writing: Sequelize's findOrCreate and bulkCreate-with-`fields` cases, plus
 * operators, an upsert, an expression as a value, nested raw rows, a counted page and the SQL of a
 * call without running it, on SQLite in memory.
 * Run with `pnpm examples` (or `node examples/dist/querying/main.js`).
 */
import 'reflect-metadata';
import {
  DataTypes,
  Model,
  Op,
  QueryTypes,
  Strata,
  ValidationError,
  col,
  compile,
  fn,
  type CreationOptional,
} from '@strata/core';
import { AllowNull, AutoIncrement, Column, Default, PrimaryKey, Table, Unique } from '@strata/annotations';

@Table({ tableName: 'users' })
export class User extends Model {
  @PrimaryKey @AutoIncrement @Column declare id: CreationOptional<number>;
  @Unique @AllowNull(false) @Column(DataTypes.STRING) declare username: string;
  @Column(DataTypes.STRING) declare job: string | null;
  @AllowNull(false) @Default(false) @Column(DataTypes.BOOLEAN) declare admin: CreationOptional<boolean>;
}

export async function main(log: (line: string) => void = console.log): Promise<void> {
  const db = new Strata({ dialect: 'sqlite', storage: ':memory:', models: [User] });
  await db.sync();

  // findOrCreate: where finds, defaults (plus where's values) create. [instance, created].
  const [user, created] = await User.findOrCreate({
    where: { username: 'sdepold' },
    defaults: { job: 'Technical Lead JavaScript' },
  });
  log(`findOrCreate: ${user.username}, ${user.job}, created=${created}`);
  const [again, createdAgain] = await User.findOrCreate({
    where: { username: 'sdepold' },
    defaults: { job: 'Something else' },
  });
  log(`findOrCreate again: ${again.username}, ${again.job}, created=${createdAgain}`);

  // bulkCreate with fields: only `username` is written, so neither foo nor bar is an admin.
  await User.bulkCreate(
    [
      { username: 'foo', job: null },
      { username: 'bar', job: null, admin: true },
    ],
    { fields: ['username'] },
  );
  const admins = await User.count({ where: { admin: true } });
  log(`bulkCreate with fields: ${await User.count()} users, ${admins} admins`);

  // bulkCreate validates by default and is all-or-nothing.
  try {
    await User.bulkCreate([
      { username: 'ok', job: null },
      { username: 'foo', job: null },
    ]);
  } catch (error) {
    log(`bulkCreate refused a duplicate: ${(error as Error).constructor.name}, ${await User.count()} users`);
  }
  try {
    await User.bulkCreate([
      { username: 'fine', job: null },
      { username: null as unknown as string, job: null },
    ]);
  } catch (error) {
    if (error instanceof ValidationError) log(`bulkCreate refused an invalid row: ${error.errors[0].path}`);
    else throw error;
  }

  // Operators are symbols; a string key such as $ne is refused.
  const withJob = await User.findAll({ where: { job: { [Op.ne]: null } }, order: [['username', 'ASC']] });
  log(`with a job: ${withJob.map((u) => u.username).join(', ')}`);
  try {
    await User.findAll({ where: { job: { $ne: null } } as never });
  } catch (error) {
    log(`refused: ${(error as Error).message.split(';')[0]}`);
  }

  // upsert: insert, or update the row with the same unique key; the stored row comes back.
  const [upserted] = await User.upsert({ username: 'foo', job: 'Engineer' });
  log(`upsert: ${upserted.username} is now ${upserted.job} (id ${upserted.id})`);

  // fn, col and literal as values: SQL the developer wrote; the instance gets the stored value.
  await upserted.update({ job: fn('UPPER', col('job')) });
  log(`expression value: ${upserted.job}`);

  // nest: dotted column names of a raw SELECT become nested objects.
  const nested = (await db.query('SELECT id AS "user.id", username AS "user.name" FROM users WHERE id = 1', {
    type: QueryTypes.SELECT,
    nest: true,
  })) as Array<Record<string, unknown>>;
  log(`nest: ${JSON.stringify(nested[0])}`);

  const { count, rows } = await User.findAndCountAll({ order: [['id', 'ASC']], limit: 2 });
  log(`page: ${rows.map((u) => u.username).join(', ')} of ${count}`);

  // The SQL a call would send, without sending it.
  const { sql, bindings } = compile(User).findAll({ where: { job: { [Op.like]: 'Tech%' } }, limit: 1 });
  log(`compiled: ${sql} ${JSON.stringify(bindings)}`);
  await db.close();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
