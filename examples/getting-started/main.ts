/**
 * Getting started: a decorated model on SQLite in memory, created, queried, updated and
 * validated. Run with `pnpm examples` (or `node examples/dist/getting-started/main.js`).
 */
import 'reflect-metadata';
import { DataTypes, Model, Op, Strata, ValidationError, type CreationOptional } from '@strata/core';
import { AllowNull, AutoIncrement, Column, IsEmail, PrimaryKey, Table, Unique } from '@strata/annotations';

@Table({ tableName: 'users' })
export class User extends Model {
  @PrimaryKey @AutoIncrement @Column declare id: CreationOptional<number>;
  @IsEmail @Unique @AllowNull(false) @Column declare email: string;
  @Column(DataTypes.STRING(100)) declare name: string | null;
}

export async function main(log: (line: string) => void = console.log): Promise<void> {
  const db = new Strata({ dialect: 'sqlite', storage: ':memory:', models: [User] });
  await db.sync();

  const alice = await User.create({ email: 'alice@example.com', name: 'Alice' });
  log(`created user ${alice.id}: ${alice.email}`);

  await User.create({ email: 'adam@example.com', name: 'Adam' });
  const named = await User.findAll({ where: { name: { [Op.like]: 'A%' } }, order: [['name', 'ASC']] });
  log(`users named A...: ${named.map((u) => u.name).join(', ')}`);

  await alice.update({ name: 'Alice Liddell' });
  log(`renamed: ${(await User.findByPk(alice.id))?.name}`);

  try {
    await User.create({ email: 'not-an-email', name: 'Mallory' });
  } catch (error) {
    if (error instanceof ValidationError) {
      log(`rejected: ${error.errors.map((e) => `${e.path} failed ${e.validatorKey}`).join('; ')}`);
    } else throw error;
  }
  log(`users stored: ${await User.count()}`);
  await db.close();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
