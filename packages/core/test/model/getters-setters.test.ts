import { createHash } from 'node:crypto';
import {
  DataTypes,
  Model,
  ModelDefinitionError,
  Strata,
  ValidationError,
  type CreationOptional,
  type InstanceThis,
} from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

/**
 * The typed create() counts the class getter `initials` as a required attribute (types.ts sees
 * every declared property), so these calls go through an untyped door.
 */
const createMember = (values: Record<string, unknown>, options?: { logging?: (sql: string) => void }) =>
  Member.create(values as never, options);

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

class Member extends Model {
  declare id: CreationOptional<number>;
  declare firstName: string;
  declare lastName: string;
  declare email: string;
  declare passwordHash: CreationOptional<string>;
  /** VIRTUAL: never stored; its setter fills passwordHash. */
  declare password: string | undefined;
  declare fullName: CreationOptional<string>;

  /** A class getter: a pseudo-property, not an attribute. */
  get initials(): string {
    return `${this.firstName[0]}${this.lastName[0]}`;
  }
}

describeEachDialect('Getters, setters and virtual attributes', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    Member.init(
      {
        firstName: { type: DataTypes.STRING, allowNull: false },
        lastName: { type: DataTypes.STRING, allowNull: false },
        email: {
          type: DataTypes.STRING,
          allowNull: false,
          // Stored lowercase, read back with a marker: get/set with getDataValue/setDataValue.
          set(this: InstanceThis, value: unknown) {
            this.setDataValue('email', String(value).toLowerCase());
          },
          get(this: InstanceThis) {
            return `<${String(this.getDataValue('email'))}>`;
          },
        },
        passwordHash: { type: DataTypes.STRING(64), allowNull: false },
        password: {
          type: DataTypes.VIRTUAL(DataTypes.STRING),
          validate: { len: { args: [8, 100], msg: 'password needs 8 characters' } },
          set(this: InstanceThis, value: unknown) {
            this.setDataValue('password', value);
            this.setDataValue('passwordHash', sha(String(value)));
          },
        },
        fullName: {
          type: DataTypes.VIRTUAL(DataTypes.STRING, ['firstName', 'lastName']),
          get(this: InstanceThis) {
            return `${String(this.firstName)} ${String(this.lastName)}`;
          },
          set() {
            throw new Error('fullName is read-only');
          },
        },
      },
      { strata: db, timestamps: false },
    );
    await db.sync({ force: true });
  });

  it('runs attribute setters on build/create and getters on read; raw access bypasses them', async () => {
    const member = await createMember({
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ADA@Example.COM',
      password: 'analytical',
    });
    expect(member.email).toBe('<ada@example.com>');
    expect(member.getDataValue('email')).toBe('ada@example.com');
    expect(member.get('email', { raw: true })).toBe('ada@example.com');
    expect(member.passwordHash).toBe(sha('analytical'));
    const found = (await Member.findByPk(member.id))!;
    expect(found.email).toBe('<ada@example.com>');
    expect(found.dataValues.email).toBe('ada@example.com');
    // Loading a row does not run setters (the stored value is not lowercased again or re-hashed).
    expect(found.passwordHash).toBe(sha('analytical'));
  });

  it('never writes a VIRTUAL attribute to a column, but validates it', async () => {
    const columns = await db.getQueryInterface().describeTable('Members');
    expect(Object.keys(columns)).toEqual(['id', 'firstName', 'lastName', 'email', 'passwordHash']);
    const statements: string[] = [];
    await createMember(
      { firstName: 'Grace', lastName: 'Hopper', email: 'g@h.io', password: 'compilers!' },
      { logging: (sql) => statements.push(sql) },
    );
    expect(statements.join('\n')).not.toMatch(/password[^H]/i);
    const error = await createMember({ firstName: 'Short', lastName: 'Pw', email: 's@p.io', password: 'abc' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors[0]).toMatchObject({
      path: 'password',
      message: 'password needs 8 characters',
    });
    expect(await Member.count({ where: { firstName: 'Short' } })).toBe(0);
  });

  it('computes VIRTUAL getters, and selects their dependencies when asked for them', async () => {
    const member = await createMember({
      firstName: 'Alan',
      lastName: 'Turing',
      email: 'a@t.io',
      password: 'enigma-machine',
    });
    expect(member.fullName).toBe('Alan Turing');
    const [partial] = await Member.findAll({ where: { id: member.id }, attributes: ['id', 'fullName'] });
    expect(partial.fullName).toBe('Alan Turing');
    expect(partial.getDataValue('email')).toBeUndefined();
    expect(() => member.set('fullName', 'x')).toThrow(/read-only/);
  });

  it('get({ plain: true }) and toJSON() honour getters and include virtual and class getters only as documented', async () => {
    const member = await createMember({
      firstName: 'Edsger',
      lastName: 'Dijkstra',
      email: 'E@D.io',
      password: 'shortest-path',
    });
    const plain = member.get({ plain: true });
    expect(plain).toMatchObject({ id: member.id, firstName: 'Edsger', email: '<e@d.io>', fullName: 'Edsger Dijkstra' });
    expect(member.toJSON()).toEqual(plain);
    expect(JSON.parse(JSON.stringify(member))).toEqual(JSON.parse(JSON.stringify(plain)));
    // A class getter is a pseudo-property: readable, not an attribute, not serialised.
    expect(member.initials).toBe('ED');
    expect(plain).not.toHaveProperty('initials');
    expect(member.get({ raw: true }).email).toBe('e@d.io');
  });

  it('set() marks changed attributes and a save writes the setter-normalised value', async () => {
    const member = await createMember({
      firstName: 'Barbara',
      lastName: 'Liskov',
      email: 'b@l.io',
      password: 'substitution',
    });
    member.email = 'BARBARA@MIT.EDU';
    expect(member.changed()).toEqual(['email']);
    await member.save();
    const found = (await Member.findByPk(member.id))!;
    expect(found.getDataValue('email')).toBe('barbara@mit.edu');
    expect(found.previous('email')).toBe('barbara@mit.edu');
  });

  it('works with declare fields, and fails at definition time when class fields would shadow attributes', () => {
    class Shadowed extends Model {
      // A plain class field: an own property on each instance that hides the accessor.
      name: string | undefined;
      helper = 'not an attribute';
    }
    const error = (() => {
      try {
        Shadowed.init({ name: DataTypes.STRING }, { strata: db });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ModelDefinitionError);
    expect((error as Error).message).toMatch(/Shadowed: the class fields name shadow the attribute accessors/);
    expect((error as Error).message).toMatch(/declare name: \.\.\./);

    class Declared extends Model {
      declare name: string | null;
      helper = 'not an attribute';
    }
    Declared.init({ name: DataTypes.STRING }, { strata: db });
    const instance = Declared.build({ name: 'works' } as never);
    expect(instance.name).toBe('works');
    expect(instance.getDataValue('name')).toBe('works');
    expect(instance.helper).toBe('not an attribute');
  });

  it('model validators see VIRTUAL values; class setters are pseudo-properties', async () => {
    class Signup extends Model {
      declare id: CreationOptional<number>;
      declare login: string;
      declare password: string | undefined;
      declare confirmation: string | undefined;
      /** A class setter writing an attribute: works on instances, is not an attribute itself. */
      set handle(value: string) {
        this.login = value.replace(/^@/, '');
      }
    }
    Signup.init(
      {
        login: DataTypes.STRING,
        password: DataTypes.VIRTUAL(DataTypes.STRING),
        confirmation: DataTypes.VIRTUAL,
      },
      {
        strata: db,
        timestamps: false,
        validate: {
          passwordsMatch(this: InstanceThis) {
            if (this.password !== this.confirmation) throw new Error('passwords differ');
          },
        },
      },
    );
    await Signup.sync();
    const bad = Signup.build({ login: 'x', password: 'one', confirmation: 'two' } as never);
    const error = await bad.save().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors[0]).toMatchObject({ path: 'passwordsMatch', message: 'passwords differ' });
    const good = Signup.build({ password: 'same', confirmation: 'same' } as never);
    good.handle = '@grace';
    await good.save();
    expect((await Signup.findByPk(good.id))?.get({ plain: true })).toEqual({ id: good.id, login: 'grace' });
    expect(Object.keys(Signup.getAttributes())).not.toContain('handle');
  });

  it('refuses an attribute named like a Model method', () => {
    expect(() => db.define('Clash', { save: DataTypes.STRING })).toThrow(/"save" is a Model method/);
  });
});
