import { DataTypes, DefinedModel, Op, Strata, col, fn, type FindOptions } from '@strata/core';
import { compileSelect } from '../../src/compile/select';
import { runtimeOf } from '../../src/runtime/model-runtime';

/**
 * SQL compiles without a database: these expectations pin the text each dialect gets for the
 * shapes whose SQL differs between dialects. No connection is opened (pools connect lazily).
 */
const connections = {
  sqlite: new Strata({ dialect: 'sqlite', storage: ':memory:' }),
  postgres: new Strata('postgres://nobody@127.0.0.1:1/none'),
  mysql: new Strata('mysql://nobody@127.0.0.1:1/none'),
};
type DialectKey = keyof typeof connections;

const models = Object.fromEntries(
  Object.entries(connections).map(([dialect, db]) => {
    const model = db.define(
      'Thing',
      { name: DataTypes.STRING, rank: { type: DataTypes.INTEGER, field: 'thing_rank' } },
      { tableName: 'things', timestamps: false },
    );
    return [dialect, model];
  }),
) as Record<DialectKey, typeof DefinedModel>;

function sql(dialect: DialectKey, options: FindOptions): { sql: string; bindings: readonly unknown[] } {
  return compileSelect(runtimeOf(models[dialect]), options);
}

function expectSql(options: FindOptions, expected: Record<DialectKey, string>): void {
  for (const dialect of Object.keys(connections) as DialectKey[]) {
    expect({ dialect, sql: sql(dialect, options).sql }).toEqual({ dialect, sql: expected[dialect] });
  }
}

afterAll(async () => {
  await Promise.all(Object.values(connections).map((db) => db.close()));
});

describe('compileSelect', () => {
  it('selects columns under their attribute names and qualifies conditions by column', () => {
    expectSql(
      { attributes: ['id', 'rank'], where: { rank: { [Op.gt]: 1 } } },
      {
        sqlite: 'select `things`.`id`, `things`.`thing_rank` AS `rank` from `things` where `things`.`thing_rank` > ?',
        postgres:
          'select "things"."id", "things"."thing_rank" AS "rank" from "things" where "things"."thing_rank" > $1',
        mysql: 'select `things`.`id`, `things`.`thing_rank` AS `rank` from `things` where `things`.`thing_rank` > ?',
      },
    );
  });

  it('emulates NULLS LAST where the dialect lacks it', () => {
    expectSql(
      { attributes: ['id'], order: [['rank', 'DESC NULLS LAST']] },
      {
        sqlite: 'select `things`.`id` from `things` order by `things`.`thing_rank` DESC NULLS LAST',
        postgres: 'select "things"."id" from "things" order by "things"."thing_rank" DESC NULLS LAST',
        mysql:
          'select `things`.`id` from `things` order by (`things`.`thing_rank` IS NULL) ASC, `things`.`thing_rank` DESC',
      },
    );
  });

  it('makes iLike case-insensitive per dialect and an empty IN a false condition', () => {
    expectSql(
      { attributes: ['id'], where: { name: { [Op.iLike]: 'a%' }, rank: [] } },
      {
        sqlite: 'select `things`.`id` from `things` where (LOWER(`things`.`name`) LIKE LOWER(?)) AND (1 = 0)',
        postgres: 'select "things"."id" from "things" where ("things"."name" ILIKE $1) AND (1 = 0)',
        mysql: 'select `things`.`id` from `things` where (LOWER(`things`.`name`) LIKE LOWER(?)) AND (1 = 0)',
      },
    );
  });

  it('repeats an aliased expression in HAVING and binds every value', () => {
    const compiled = sql('postgres', {
      attributes: ['name', [fn('COUNT', col('id')), 'n']],
      group: ['name'],
      having: { n: { [Op.gt]: 2 } },
      limit: 5,
    });
    expect(compiled.sql).toBe(
      'select "things"."name", COUNT("things"."id") AS "n" from "things" group by "things"."name" having (COUNT("things"."id")) > $1 limit $2',
    );
    expect(compiled.bindings).toEqual([2, 5]);
  });

  it('escapes LIKE wildcards in startsWith and binds the pattern', () => {
    const compiled = sql('sqlite', { attributes: ['id'], where: { name: { [Op.startsWith]: '50%_off' } } });
    expect(compiled.sql).toBe("select `things`.`id` from `things` where `things`.`name` LIKE ? ESCAPE '!'");
    expect(compiled.bindings).toEqual(['50!%!_off%']);
  });
});
