import {
  DataTypes,
  ForeignKeyConstraintError,
  Model,
  ModelDefinitionError,
  Strata,
  UniqueConstraintError,
  ValidationError,
} from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';
import { foreignKeysOf, selectRows } from '../../../../test-support/schema';

/** The attributes of these models are not declared on the classes: write them untyped. */
type Loose = typeof Model & {
  create(values: Record<string, unknown>): Promise<Model>;
  findAll(options?: Record<string, unknown>): Promise<Model[]>;
  findOne(options?: Record<string, unknown>): Promise<Model | null>;
  findByPk(key: unknown): Promise<Model | null>;
  count(options?: Record<string, unknown>): Promise<number>;
  destroy(options: Record<string, unknown>): Promise<number>;
  update(values: Record<string, unknown>, options: Record<string, unknown>): Promise<[number]>;
};
const loose = (model: typeof Model): Loose => model as unknown as Loose;

describeEachDialect('Column options', (ctx) => {
  let db: Strata;
  let Country: Loose;
  let Account: Loose;
  let Membership: Loose;
  let City: Loose;

  beforeAll(async () => {
    db = ctx.connect();
    Country = loose(
      db.define(
        'Country',
        {
          code: { type: DataTypes.CHAR(2), primaryKey: true },
          name: { type: DataTypes.STRING(60), allowNull: false, comment: "the country's name" },
        },
        { timestamps: false },
      ),
    );
    City = loose(
      db.define(
        'City',
        {
          name: { type: DataTypes.STRING, allowNull: false },
          countryCode: {
            type: DataTypes.CHAR(2),
            field: 'country_code',
            references: { model: 'Countries', key: 'code' },
            onDelete: 'CASCADE',
            onUpdate: 'CASCADE',
          },
          mayorId: {
            type: DataTypes.INTEGER,
            references: { model: 'Accounts', key: 'id', deferrable: true },
            onDelete: 'SET NULL',
          },
        },
        { timestamps: false },
      ),
    );
    Account = loose(
      db.define(
        'Account',
        {
          firstName: { type: DataTypes.STRING(40), field: 'first_name', allowNull: false },
          tenant: { type: DataTypes.STRING(20), unique: 'accounts_tenant_login' },
          login: { type: DataTypes.STRING(20), unique: 'accounts_tenant_login', validate: { len: [2, 20] } },
          email: { type: DataTypes.STRING, unique: true },
          status: { type: DataTypes.ENUM, values: ['active', 'locked', "won't"], defaultValue: 'active' },
          score: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 10, comment: 'points' },
        },
        { timestamps: false },
      ),
    );
    Membership = loose(
      db.define(
        'Membership',
        {
          accountId: { type: DataTypes.INTEGER, primaryKey: true, references: { model: Account, key: 'id' } },
          group: { type: DataTypes.STRING(30), primaryKey: true },
          role: DataTypes.STRING,
        },
        { timestamps: false },
      ),
    );
    await db.sync({ force: true });
  });

  it('describes every column as defined: types, nullability, defaults, keys, comments, custom fields', async () => {
    const qi = db.getQueryInterface();
    const accounts = await qi.describeTable('Accounts');
    expect(Object.keys(accounts)).toEqual(['id', 'first_name', 'tenant', 'login', 'email', 'status', 'score']);
    expect(accounts.id).toMatchObject({ primaryKey: true, autoIncrement: true, allowNull: false });
    expect(accounts.first_name).toMatchObject({ allowNull: false, primaryKey: false });
    expect(accounts.first_name.type).toMatch(/VARCHAR\(40\)|CHARACTER VARYING/);
    expect(accounts.tenant.allowNull).toBe(true);
    expect(accounts.score.allowNull).toBe(false);
    expect(accounts.score.defaultValue).toMatch(/10/);
    expect(accounts.status.defaultValue).toMatch(/active/);
    const countries = await qi.describeTable('Countries');
    expect(countries.code).toMatchObject({ primaryKey: true, autoIncrement: false, allowNull: false });
    expect(Object.keys(countries)).toEqual(['code', 'name']);
    if (ctx.dialect === 'sqlite') {
      expect(accounts.score.comment).toBeNull(); // SQLite has no column comments.
    } else {
      expect(accounts.score.comment).toBe('points');
      expect(countries.name.comment).toBe("the country's name");
    }
  });

  it('creates unique indexes, single and composite (named), and enforces them', async () => {
    const indexes = await db.getQueryInterface().showIndex('Accounts');
    const composite = indexes.find((i) => i.name === 'accounts_tenant_login');
    expect(composite).toMatchObject({ unique: true, fields: ['tenant', 'login'] });
    expect(indexes.find((i) => i.unique && !i.primary && i.fields.join() === 'email')).toBeDefined();

    await Account.create({ firstName: 'A', tenant: 't1', login: 'ann', email: 'a@x.io' });
    await Account.create({ firstName: 'B', tenant: 't2', login: 'ann', email: 'b@x.io' });
    await Account.create({ firstName: 'C', tenant: 't1', login: 'bob', email: 'c@x.io' });
    await expect(Account.create({ firstName: 'D', tenant: 't1', login: 'ann' })).rejects.toBeInstanceOf(
      UniqueConstraintError,
    );
    await expect(Account.create({ firstName: 'E', email: 'a@x.io' })).rejects.toBeInstanceOf(UniqueConstraintError);
  });

  it('uses the custom field for the column and the attribute name everywhere else', async () => {
    const account = await Account.create({ firstName: 'Field', tenant: 'f', login: 'field' });
    const found = await Account.findOne({ where: { firstName: 'Field' } });
    expect(found?.get('firstName')).toBe('Field');
    expect(found?.get('id')).toBe(account.get('id'));
    const [row] = await selectRows(db, `SELECT first_name FROM ${q('Accounts')} WHERE login = ?`, ['field']);
    expect(row.first_name).toBe('Field');
  });

  it('applies ENUM values in the model and in the database', async () => {
    const account = await Account.create({ firstName: 'Enum', status: "won't" });
    expect((await Account.findByPk(account.get('id')))?.get('status')).toBe("won't");
    expect((await Account.create({ firstName: 'Default' })).get('status')).toBe('active');
    await expect(Account.create({ firstName: 'Bad', status: 'gone' })).rejects.toThrow(
      // The value is described, not quoted: messages never repeat user input (docs/security.md).
      /status: a string of 4 characters is not one of 'active', 'locked', 'won't'/,
    );
    // The database refuses it too, for writes that bypass the model.
    await expect(
      db.query(`INSERT INTO ${q('Accounts')} (first_name, status, score) VALUES (?, ?, ?)`, {
        replacements: ['Raw', 'gone', 1],
      }),
    ).rejects.toThrow();
  });

  it('keeps a non-integer primary key and finds by it', async () => {
    await Country.create({ code: 'NZ', name: 'New Zealand' });
    const found = await Country.findByPk('NZ');
    expect(found?.get('name')).toBe('New Zealand');
    expect(Object.keys(Country.getAttributes())).toEqual(['code', 'name']);
    await expect(Country.create({ code: 'NZ', name: 'Again' })).rejects.toBeInstanceOf(UniqueConstraintError);
  });

  it('keeps a composite primary key', async () => {
    const account = await Account.create({ firstName: 'Member' });
    const id = account.get('id');
    await Membership.create({ accountId: id, group: 'admins', role: 'owner' });
    await Membership.create({ accountId: id, group: 'users' });
    await expect(Membership.create({ accountId: id, group: 'admins' })).rejects.toBeInstanceOf(UniqueConstraintError);
    const columns = await db.getQueryInterface().describeTable('Memberships');
    expect(columns.accountId.primaryKey).toBe(true);
    expect(columns.group.primaryKey).toBe(true);
    expect(columns.id).toBeUndefined();
    const membership = await Membership.findOne({ where: { accountId: id, group: 'admins' } });
    membership?.set('role', 'viewer');
    await membership?.save();
    expect((await Membership.findOne({ where: { accountId: id, group: 'admins' } }))?.get('role')).toBe('viewer');
    expect((await Membership.findOne({ where: { accountId: id, group: 'users' } }))?.get('role')).toBeNull();
    await expect(Membership.findByPk(id)).rejects.toThrow(/composite primary key/);
  });

  it('creates foreign keys with onDelete/onUpdate, visible in the catalog', async () => {
    const keys = await foreignKeysOf(db, 'Cities');
    const byColumn = Object.fromEntries(keys.map((k) => [k.columns.join(), k]));
    expect(byColumn.country_code).toMatchObject({
      referencedTable: 'Countries',
      referencedColumns: ['code'],
      onDelete: 'CASCADE',
      onUpdate: 'CASCADE',
    });
    expect(byColumn.mayorId).toMatchObject({
      referencedTable: 'Accounts',
      referencedColumns: ['id'],
      onDelete: 'SET NULL',
    });
    const members = await foreignKeysOf(db, 'Memberships');
    expect(members[0]).toMatchObject({
      columns: ['accountId'],
      referencedTable: 'Accounts',
      referencedColumns: ['id'],
    });
  });

  it('enforces foreign keys (SQLite included) and runs the referential actions', async () => {
    await Country.create({ code: 'FR', name: 'France' });
    const mayor = await Account.create({ firstName: 'Mayor' });
    const paris = await City.create({ name: 'Paris', countryCode: 'FR', mayorId: mayor.get('id') });
    await expect(City.create({ name: 'Nowhere', countryCode: 'XX' })).rejects.toBeInstanceOf(ForeignKeyConstraintError);
    // onUpdate CASCADE: the city follows its country's new code.
    await Country.update({ code: 'FX' }, { where: { code: 'FR' } });
    expect((await City.findByPk(paris.get('id')))?.get('countryCode')).toBe('FX');
    // onDelete SET NULL, then onDelete CASCADE.
    await Account.destroy({ where: { id: mayor.get('id') } });
    expect((await City.findByPk(paris.get('id')))?.get('mayorId')).toBeNull();
    await Country.destroy({ where: { code: 'FX' } });
    expect(await City.findByPk(paris.get('id'))).toBeNull();
  });

  it('checks a deferrable foreign key at commit on PostgreSQL, and ignores deferrable elsewhere', async () => {
    const attempt = db.transaction(async () => {
      const city = await City.create({ name: 'Early', mayorId: 987654 });
      await Account.create({ id: 987654, firstName: 'Late' });
      return city;
    });
    if (db.dialect.supports.deferrableConstraints) {
      const city = await attempt;
      expect((await City.findByPk(city.get('id')))?.get('mayorId')).toBe(987654);
    } else {
      await expect(attempt).rejects.toBeInstanceOf(ForeignKeyConstraintError);
      expect(await City.count({ where: { name: 'Early' } })).toBe(0);
    }
  });

  it('runs attribute validators and allowNull before any SQL', async () => {
    const error = await Account.create({ firstName: null, login: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors.map((e) => [e.path, e.validatorKey]).sort()).toEqual([
      ['firstName', 'notNull'],
      ['login', 'len'],
    ]);
  });

  it('refuses, at definition time, an id that is not the key and two attributes on one column', () => {
    expect(() => db.define('Broken', { id: DataTypes.INTEGER })).toThrow(ModelDefinitionError);
    expect(() =>
      db.define('Broken2', { a: { type: DataTypes.STRING, field: 'x' }, b: { type: DataTypes.STRING, field: 'x' } }),
    ).toThrow(/column x is also used by a/);
  });

  /** A table name quoted for this dialect, for the few raw statements. */
  function q(name: string): string {
    return ctx.dialect === 'mysql' ? `\`${name}\`` : `"${name}"`;
  }
});
