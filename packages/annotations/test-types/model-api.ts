// Type tests, checked by `tsc` in CI (`pnpm run test:types`) against the built declarations:
// each `@ts-expect-error` must be an error, everything else must compile.
import 'reflect-metadata';
import { Model, Op, type CreationOptional } from '@strata/core';
import { AutoIncrement, Column, PrimaryKey, Table } from '@strata/annotations';

@Table
class User extends Model {
  @PrimaryKey @AutoIncrement @Column declare id: CreationOptional<number>;
  @Column declare email: string;
  @Column declare name: string | null;
  @Column declare age: number;
}

export async function checks(): Promise<void> {
  const created: User = await User.create({ email: 'a@b.c', age: 3 });
  await User.create({ email: 'a@b.c', age: 3, name: null, id: 7 });
  // @ts-expect-error email is required
  await User.create({ age: 3 });
  // @ts-expect-error unknown attribute
  await User.create({ email: 'a@b.c', age: 3, nope: true });
  // @ts-expect-error wrong value type
  await User.create({ email: 'a@b.c', age: 'three' });

  const many: User[] = await User.findAll({ where: { age: { [Op.gte]: 18 } }, order: [['age', 'DESC']] });
  const one: User | null = await User.findByPk(1);
  // @ts-expect-error unknown where key
  await User.findAll({ where: { agee: 3 } });
  // @ts-expect-error operator value typed by the attribute
  await User.findAll({ where: { age: { [Op.gt]: 'old' } } });
  // @ts-expect-error unknown attribute in the selection
  await User.findAll({ attributes: ['id', 'password'] });
  void created;
  void many;
  void one;
}
