import type { SchemaHelper } from '../../src/dialect/dialect';
import { mysqlSchema } from '../../src/dialect/mysql/mysql-schema';
import { postgresSchema } from '../../src/dialect/postgres/postgres-schema';
import { sqliteSchema } from '../../src/dialect/sqlite/sqlite-schema';

// The schema diff compares what columnType writes with what the introspector reports, through
// the dialect's schema helper: each pair below must come out as one spelling.
const SAME_TYPES: Array<[string, SchemaHelper, Array<[written: string, reported: string]>]> = [
  [
    'PostgreSQL (format_type)',
    postgresSchema,
    [
      ['VARCHAR(100)', 'character varying(100)'],
      ['CHAR(36)', 'character(36)'],
      ['DECIMAL(10,2)', 'numeric(10,2)'],
      ['INTEGER', 'integer'],
      ['DOUBLE PRECISION', 'double precision'],
      ['TIME', 'time without time zone'],
      ['TIMESTAMP(3) WITH TIME ZONE', 'timestamp(3) with time zone'],
      ['VARCHAR(20)[]', 'character varying(20)[]'],
    ],
  ],
  [
    'MySQL and MariaDB',
    mysqlSchema,
    [
      ['INTEGER', 'int(11)'],
      ['BIGINT', 'bigint(20)'],
      ['SMALLINT', 'smallint(6)'],
      ['TINYINT(1)', 'tinyint(1)'],
      ['JSON', 'longtext'],
      ['DECIMAL(10,2)', 'decimal(10, 2)'],
      ['INTEGER UNSIGNED', 'int(10) unsigned'],
      ['INTEGER UNSIGNED', 'int unsigned'],
      ['INTEGER UNSIGNED ZEROFILL', 'int(10) unsigned zerofill'],
      ['TINYINT UNSIGNED', 'tinyint(3) unsigned'],
      ['MEDIUMINT', 'mediumint(9)'],
      ['DOUBLE UNSIGNED', 'double unsigned'],
    ],
  ],
];

describe('schema helpers: type and default spellings', () => {
  it.each(SAME_TYPES)('reads %s spellings as the types Strata writes', (_name, helper, pairs) => {
    for (const [written, reported] of pairs) {
      expect(helper.normalizeColumnType(reported)).toBe(helper.normalizeColumnType(written));
    }
  });

  it('tells apart what only looks alike', () => {
    expect(postgresSchema.normalizeColumnType('int8')).toBe('BIGINT');
    expect(postgresSchema.normalizeColumnType('json')).not.toBe(postgresSchema.normalizeColumnType('jsonb'));
    expect(mysqlSchema.normalizeColumnType('tinyint(1)')).toBe('BOOLEAN');
    expect(mysqlSchema.normalizeColumnType('int(10) unsigned')).not.toBe(mysqlSchema.normalizeColumnType('int(11)'));
    expect(mysqlSchema.normalizeColumnType('int(10) unsigned zerofill')).not.toBe(
      mysqlSchema.normalizeColumnType('int(10) unsigned'),
    );
  });

  it('accepts every database spelling on SQLite, which keeps the type as declared', () => {
    expect(sqliteSchema.normalizeColumnType('character varying(20)')).toBe('VARCHAR(20)');
    expect(sqliteSchema.normalizeColumnType('tinyint(1)')).toBe('BOOLEAN');
    expect(sqliteSchema.normalizeColumnType('INTEGER')).toBe(sqliteSchema.normalizeColumnType('int'));
    expect(sqliteSchema.normalizeColumnType('DECIMAL_TEXT(10,2)')).toBe('DECIMAL_TEXT(10,2)');
  });

  it('reads defaults without the casts, parentheses and quotes each database reports', () => {
    expect(postgresSchema.normalizeDefault("'it''s'::character varying")).toBe("it's");
    expect(postgresSchema.normalizeDefault("'10.50'::numeric")).toBe('10.5');
    expect(postgresSchema.normalizeDefault('true')).toBe(postgresSchema.normalizeDefault('1'));
    expect(mysqlSchema.normalizeDefault("'staff'")).toBe('staff');
    expect(mysqlSchema.normalizeDefault('1000.00')).toBe('1000');
    expect(sqliteSchema.normalizeDefault("'a'")).toBe('a');
    expect(sqliteSchema.normalizeDefault('(0)')).toBe('0');
    expect(sqliteSchema.normalizeDefault('FALSE')).toBe('0');
  });
});
