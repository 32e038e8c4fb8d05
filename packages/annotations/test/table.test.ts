import 'reflect-metadata';
import { DataTypes, Model, Strata, ValidationError, type CreationOptional } from '@strata/core';
import { AllowNull, AutoIncrement, Column, Default, IsEmail, PrimaryKey, Table, Unique } from '@strata/annotations';
import { describeEachDialect } from '../../../test-support/dialects';

@Table({ tableName: 'accounts' })
class Account extends Model {
  @PrimaryKey @AutoIncrement @Column declare id: CreationOptional<number>;
  @IsEmail @Unique @AllowNull(false) @Column declare email: string;
  @Column(DataTypes.STRING(100)) declare name: string | null;
  @Default(true) @Column(DataTypes.BOOLEAN) declare active: CreationOptional<boolean>;
  @Column({ type: DataTypes.INTEGER, allowNull: true, field: 'login_count' }) declare logins: number | null;
}

describeEachDialect('decorated models', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect({ models: [Account] });
    await db.sync({ force: true });
  });

  it('produces the same definition Model.init would', () => {
    const definition = Account.definition;
    expect(definition.tableName).toBe('accounts');
    expect(definition.attributes.get('email')).toMatchObject({
      allowNull: false,
      unique: true,
      validate: { isEmail: true },
    });
    expect(String(definition.attributes.get('name')?.type)).toBe('STRING(100)');
    expect(definition.attributes.get('logins')?.field).toBe('login_count');
    expect(String(definition.attributes.get('active')?.type)).toBe('BOOLEAN');
    expect(String(definition.attributes.get('id')?.type)).toBe('INTEGER');
    expect(definition.primaryKeys).toEqual(['id']);
  });

  it('creates, finds, saves and destroys through the decorated class', async () => {
    const account = await Account.create({ email: 'dana@example.com', name: 'Dana', logins: 0 });
    expect(account.active).toBe(true);
    account.logins = 1;
    await account.save();
    const found = await Account.findByPk(account.id);
    expect(found).toBeInstanceOf(Account);
    expect(found?.logins).toBe(1);
    await found?.destroy();
    expect(await Account.count()).toBe(0);
  });

  it('runs the @IsEmail validator before writing', async () => {
    await expect(Account.create({ email: 'nope', name: null, logins: null })).rejects.toThrow(ValidationError);
    expect(await Account.count()).toBe(0);
  });
});

describe('decorator misuse', () => {
  it('names the property whose type cannot be inferred', () => {
    @Table
    class Broken extends Model {
      @Column declare tags: string[];
    }
    const db = new Strata('sqlite::memory:');
    expect(() => db.addModels([Broken])).toThrow(/Broken\.tags: cannot infer the data type/);
    return db.close();
  });

  it('rejects a plain class field that would shadow the attribute', () => {
    @Table
    class Shadowed extends Model {
      @Column name!: string;
    }
    const db = new Strata('sqlite::memory:');
    expect(() => db.addModels([Shadowed])).toThrow(/shadow the attribute accessors; declare them/);
    return db.close();
  });
});
