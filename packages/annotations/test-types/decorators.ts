// Type tests for the decorators themselves: wrong uses the compiler can see are errors.
import 'reflect-metadata';
import { DataTypes, Model, Op } from '@strata/core';
import {
  AllowNull,
  BeforeCreate,
  Column,
  DefaultScope,
  Index,
  IsEmail,
  IsIPv4,
  Length,
  ModelValidator,
  Scopes,
  Table,
  Unique,
} from '@strata/annotations';

@DefaultScope(() => ({ where: { active: true } }))
@Scopes(() => ({ recent: { order: [['id', 'DESC']] }, over: (n: number) => ({ where: { id: { [Op.gt]: n } } }) }))
@Table({ tableName: 'checked', paranoid: true })
export class Checked extends Model {
  @IsEmail @IsEmail({ msg: 'bad' }) @Unique @Unique('u') @AllowNull @AllowNull(false) @Column declare email: string;
  @Length([2, 10]) @Index @Index('i') @Index({ name: 'i', order: 'DESC' }) @Column declare name: string;
  @IsIPv4 @IsIPv4({ msg: 'not an IPv4 address' }) @Column(DataTypes.STRING(15)) declare ip: string;
  @Column({ type: DataTypes.BOOLEAN, defaultValue: true }) declare active: boolean;

  // @ts-expect-error @Length needs its argument
  @Length @Column declare bare: string;

  // @ts-expect-error @IsIPv4 takes no argument, only { msg }
  @IsIPv4(4) @Column declare wrongSpec: string;

  // @ts-expect-error hook decorators go on static methods, not fields
  @BeforeCreate declare notAMethod: string;

  @BeforeCreate
  static lower(instance: Checked): void {
    instance.email = instance.email.toLowerCase();
  }

  @ModelValidator
  nameIsNotEmail(): void {
    if (this.name === this.email) throw new Error('name and email differ');
  }
}

// @ts-expect-error @Table takes model options, not a string
@Table('checked')
export class WrongTable extends Model {}
