/**
 * Querying inside JSON attributes: a path, the nested form, a cast so numbers compare as numbers,
 * an array element, ordering and selecting by a path, updating one key with jsonSet, and a
 * regexp, on SQLite in memory (the same calls work on PostgreSQL and MySQL).
 * Run with `pnpm examples` (or `node examples/dist/json-querying/main.js`).
 */
import 'reflect-metadata';
import { DataTypes, Model, Op, Strata, json, jsonSet, type CreationOptional } from '@strata/core';
import { AllowNull, AutoIncrement, Column, PrimaryKey, Table } from '@strata/annotations';

@Table({ tableName: 'profiles', timestamps: false })
export class Profile extends Model {
  @PrimaryKey @AutoIncrement @Column declare id: CreationOptional<number>;
  @AllowNull(false) @Column(DataTypes.STRING) declare name: string;
  @Column(DataTypes.JSON) declare meta: { age?: number; city?: string; tags?: string[] } | null;
}

export async function main(log: (line: string) => void = console.log): Promise<void> {
  const db = new Strata({ dialect: 'sqlite', storage: ':memory:', models: [Profile] });
  await db.sync();
  await Profile.bulkCreate([
    { name: 'ann', meta: { age: 100, city: 'Oslo', tags: ['admin', 'dev'] } },
    { name: 'bob', meta: { age: 30, city: 'Bergen', tags: ['dev'] } },
    { name: 'cid', meta: { age: 9, city: 'Oslo', tags: [] } },
  ]);
  const names = (rows: Profile[]): string => rows.map((p) => p.name).join(', ');

  log(`in Oslo: ${names(await Profile.findAll({ where: { 'meta.city': 'Oslo' }, order: [['id', 'ASC']] }))}`);
  log(`nested form: ${names(await Profile.findAll({ where: { meta: { city: 'Bergen' } } }))}`);
  // The cast comes from an allow-list; without it PostgreSQL compares '100' and '30' as text.
  log(`older than 30: ${names(await Profile.findAll({ where: { 'meta.age::integer': { [Op.gt]: 30 } } }))}`);
  log(`first tag admin: ${names(await Profile.findAll({ where: { 'meta.tags[0]': 'admin' } }))}`);
  const byAge = await Profile.findAll({
    attributes: ['name', [json('meta.city'), 'city']],
    order: [[json('meta.age::integer'), 'ASC']],
    raw: true,
  });
  log(`by age: ${JSON.stringify(byAge)}`);
  await Profile.update({ meta: jsonSet('meta.city', 'Trondheim') }, { where: { name: 'cid' } });
  log(`cid after jsonSet: ${JSON.stringify((await Profile.findOne({ where: { name: 'cid' } }))?.meta)}`);
  log(
    `names matching ^[ab]: ${names(await Profile.findAll({ where: { name: { [Op.regexp]: '^[ab]' } }, order: [['id', 'ASC']] }))}`,
  );
  await db.close();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
