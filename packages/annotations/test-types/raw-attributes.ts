// Type tests for `attributes` narrowing `raw: true` rows to the selected attributes.
import 'reflect-metadata';
import { Model, type CreationOptional } from '@strata/core';
import { AutoIncrement, Column, PrimaryKey, Table } from '@strata/annotations';

@Table
class Account extends Model {
  @PrimaryKey @AutoIncrement @Column declare id: CreationOptional<number>;
  @Column declare email: string;
  @Column declare password: string;
}

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | void {}

export async function narrowed(): Promise<void> {
  const rows = await Account.findAll({ raw: true, attributes: ['id', 'email'] });
  assertType<Equal<(typeof rows)[number]['id'], number>>();
  assertType<Equal<(typeof rows)[number]['email'], string>>();
  // Not selected: only the index signature's unknown is left.
  assertType<Equal<(typeof rows)[number]['password'], unknown>>();
  const one = await Account.findOne({ raw: true, attributes: { exclude: ['password'] } });
  assertType<Equal<NonNullable<typeof one>['email'], string>>();
  assertType<Equal<NonNullable<typeof one>['password'], unknown>>();
  // No attributes: every attribute, typed.
  const all = await Account.findAll({ raw: true });
  assertType<Equal<(typeof all)[number]['password'], string>>();
  // @ts-expect-error a selected attribute that does not exist
  await Account.findAll({ raw: true, attributes: ['id', 'emial'] });
  // @ts-expect-error an excluded attribute that does not exist
  await Account.findOne({ raw: true, attributes: { exclude: ['pasword'] } });
  const chosen: string = rows[0].email;
  // @ts-expect-error password was not selected
  const missing: string = rows[0].password;
  void [one, all, chosen];
  void missing;
}
