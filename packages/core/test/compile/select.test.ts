import { DataTypes, DefinedModel, Op, compile, col, fn, type FindOptions } from '@strata/core';
import { expectSql } from '../../../../test-support/expect-sql';
import { closeAll, offlineConnections } from '../../../../test-support/offline-connections';
import { ALL_DIALECTS, type TestDialect } from '../../../../test-support/servers';

/**
 * SQL compiles without a database: these expectations pin the text each dialect gets for the
 * shapes whose SQL differs between dialects. No connection is opened (pools connect lazily).
 */
const connections = offlineConnections();

const models = Object.fromEntries(
  Object.entries(connections).map(([dialect, db]) => {
    const model = db.define(
      'Thing',
      { name: DataTypes.STRING, rank: { type: DataTypes.INTEGER, field: 'thing_rank' } },
      { tableName: 'things', timestamps: false },
    );
    return [dialect, model];
  }),
) as Record<TestDialect, typeof DefinedModel>;

function sql(dialect: TestDialect, options: FindOptions): { sql: string; bindings: readonly unknown[] } {
  return compile(models[dialect]).findAll(options);
}

function expectFindSql(options: FindOptions, expected: Record<TestDialect, string>): void {
  for (const dialect of ALL_DIALECTS) expectSql(dialect, sql(dialect, options), expected);
}

afterAll(() => closeAll(connections));

describe('compileSelect, through compile(Model).findAll', () => {
  it('selects columns under their attribute names and qualifies conditions by column', () => {
    expectFindSql(
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
    expectFindSql(
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
    expectFindSql(
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
    expectSql('postgres', compiled, {
      postgres:
        'select "things"."name", COUNT("things"."id") AS "n" from "things" group by "things"."name" having (COUNT("things"."id")) > $1 limit $2',
      bindings: [2, 5],
    });
  });

  it('escapes LIKE wildcards in startsWith and binds the pattern', () => {
    const compiled = sql('sqlite', { attributes: ['id'], where: { name: { [Op.startsWith]: '50%_off' } } });
    expectSql('sqlite', compiled, {
      sqlite: "select `things`.`id` from `things` where `things`.`name` LIKE ? ESCAPE '!'",
      bindings: ['50!%!_off%'],
    });
  });
});
