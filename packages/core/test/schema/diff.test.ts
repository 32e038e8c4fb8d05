import { DataTypes, Strata, describeChange, diffModels, type SchemaChange } from '@strata/core';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEachDialect } from '../../../../test-support/dialects';

let fileCounter = 0;

function defineShop(db: Strata, variant: 'before' | 'after') {
  const Company = db.define(
    'Company',
    {
      name: { type: DataTypes.STRING(80), allowNull: false, unique: true },
      ...(variant === 'before' ? { motto: DataTypes.STRING } : {}),
    },
    { tableName: 'companies' },
  );
  const Employee = db.define(
    'Employee',
    {
      email: { type: DataTypes.STRING(variant === 'before' ? 100 : 200), allowNull: false },
      salary: { type: DataTypes.DECIMAL(10, 2), defaultValue: variant === 'before' ? 0 : 1000 },
      active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      role: { type: DataTypes.ENUM('staff', 'lead'), defaultValue: 'staff' },
      startedOn: DataTypes.DATEONLY,
      notes: DataTypes.TEXT,
      companyId: {
        type: DataTypes.INTEGER,
        references: { model: 'companies', key: 'id' },
        onDelete: 'CASCADE',
      },
      ...(variant === 'after' ? { nickname: { type: DataTypes.STRING(40), allowNull: true } } : {}),
    },
    {
      tableName: 'employees',
      indexes: variant === 'before' ? [{ fields: ['email'] }] : [{ fields: ['email'], unique: true }],
    },
  );
  return { Company, Employee };
}

const kinds = (changes: SchemaChange[]) => changes.map(describeChange).sort();

describeEachDialect('diffSchema and sync({ alter: true })', (ctx) => {
  // Two connections must see one database: on SQLite that takes a file, not memory.
  const database = () => {
    const file = join(tmpdir(), `strata-diff-${process.pid}-${++fileCounter}.db`);
    rmSync(file, { force: true });
    return () => (ctx.dialect === 'sqlite' ? ctx.connect({ storage: file }) : ctx.connect());
  };

  it('reports nothing for a schema that sync created from the same models (no phantom diffs)', async () => {
    const db = ctx.connect();
    defineShop(db, 'before');
    await db.sync({ force: true });
    expect(kinds(await diffModels(db))).toEqual([]);
  });

  it('lists the changes between two versions of the models', async () => {
    const open = database();
    const before = open();
    defineShop(before, 'before');
    await before.sync({ force: true });
    const after = open();
    defineShop(after, 'after');
    expect(kinds(await diffModels(after))).toEqual(
      [
        'add column employees.nickname',
        'add index employees_email_unique on employees (email)',
        'change column employees.email (type VARCHAR(100) -> VARCHAR(200))',
        'change column employees.salary (default 0 -> 1000)',
        'remove column companies.motto',
        'remove index employees_email on employees',
      ].sort(),
    );
  });

  it('alters the tables to match the models, keeps rows, and a second alter changes nothing', async () => {
    const open = database();
    const before = open();
    const { Company, Employee } = defineShop(before, 'before');
    await before.sync({ force: true });
    const acme = await Company.create({ name: 'Acme', motto: 'go' });
    await Employee.create({ email: 'a@acme.test', companyId: acme.get('id') });
    await before.close();

    const after = open();
    const models = defineShop(after, 'after');
    await after.sync({ alter: true });
    expect(kinds(await diffModels(after))).toEqual([]);
    await after.sync({ alter: true });
    expect(kinds(await diffModels(after))).toEqual([]);

    // Every row survived, including the child rows of the rebuilt parent (no cascade delete).
    expect(await models.Company.count()).toBe(1);
    const employees = await models.Employee.findAll();
    expect(employees.map((e) => e.get('email'))).toEqual(['a@acme.test']);
    const columns = await after.getQueryInterface().describeTable('companies');
    expect(Object.keys(columns)).not.toContain('motto');
    await expect(models.Employee.create({ email: 'a@acme.test', companyId: acme.get('id') })).rejects.toThrow();
  });
});
