import {
  DataTypes,
  InvalidQueryError,
  Model,
  Op,
  Strata,
  json,
  jsonSet,
  where,
  type CreationOptional,
} from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Profile extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
  declare meta: Record<string, unknown> | null;
  declare doc: Record<string, unknown> | null;
}

/** Keys an attacker could send: quotes of every kind, dots, brackets, path syntax and SQL. */
const HOSTILE_KEYS = [
  `'); DROP TABLE profiles; --`,
  `" OR "1"="1`,
  'a.b',
  '[0]',
  '$',
  '$.x',
  '\\',
  '`x`',
  "it's",
  '',
  ' ',
  '*/ SELECT 1 /*',
  'é\n\t',
];

const hostileMeta = Object.fromEntries(HOSTILE_KEYS.map((key, i) => [key, `v${i}`]));

const PROFILES = [
  { name: 'ann', meta: { age: 100, active: true, address: { city: 'Oslo' }, tags: ['a', 'b'], 'dot.key': 1 } },
  { name: 'bob', meta: { age: 30, active: false, address: { city: 'Bergen' }, tags: ['b', 'c'] } },
  { name: 'cid', meta: { age: 9, address: { city: 'Oslo', zip: '0150' }, tags: [] } },
  { name: 'dee', meta: null },
  { name: 'eve', meta: hostileMeta },
];

describeEachDialect('where: JSON paths', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    Profile.init(
      {
        name: { type: DataTypes.STRING, allowNull: false },
        // JSONB where the dialect has it (PostgreSQL), JSON elsewhere: both are JSON attributes.
        meta: { type: ctx.dialect === 'postgres' ? DataTypes.JSONB : DataTypes.JSON, field: 'meta_data' },
        // JSON on every dialect: on PostgreSQL the json type, whose functions differ from jsonb's.
        doc: DataTypes.JSON,
      },
      { strata: db, tableName: 'profiles', timestamps: false },
    );
    await db.sync({ force: true });
    await Profile.bulkCreate(PROFILES.map((p) => ({ ...p, doc: p.meta })));
  });

  const names = async (condition: object): Promise<string[]> =>
    (await Profile.findAll({ where: condition as never })).map((p) => p.name).sort();

  it('matches a dotted path and the nested object form alike', async () => {
    expect(await names({ 'meta.address.city': 'Oslo' })).toEqual(['ann', 'cid']);
    expect(await names({ meta: { address: { city: 'Oslo' } } })).toEqual(['ann', 'cid']);
    expect(await names({ meta: { address: { city: 'Oslo', zip: '0150' } } })).toEqual(['cid']);
    expect(await names({ 'meta.address.city': null })).toEqual(['dee', 'eve']);
    expect(await names({ 'meta.address.city': ['Bergen', 'Nowhere'] })).toEqual(['bob']);
  });

  it('applies operators to a path', async () => {
    expect(await names({ 'meta.address.city': { [Op.ne]: 'Oslo' } })).toEqual(['bob']);
    expect(await names({ meta: { address: { city: { [Op.like]: 'B%' } } } })).toEqual(['bob']);
    expect(await names({ [Op.or]: [{ 'meta.address.city': 'Bergen' }, { 'meta.address.zip': '0150' }] })).toEqual([
      'bob',
      'cid',
    ]);
    expect(await names({ 'meta.active': true })).toEqual(['ann']);
    expect(await names({ 'meta.active': false })).toEqual(['bob']);
  });

  it('casts a path from the allow-list, so 100 > 30 holds as a number', async () => {
    expect(await names({ 'meta.age::integer': { [Op.gt]: 30 } })).toEqual(['ann']);
    expect(await names({ 'meta.age::integer': { [Op.between]: [9, 30] } })).toEqual(['bob', 'cid']);
    expect(await names({ meta: { 'age::integer': { [Op.gt]: 30 } } })).toEqual(['ann']);
    // A cast on a plain attribute: LIKE on an integer's text.
    expect(await names({ 'id::text': { [Op.like]: '1' } })).toEqual(['ann']);
    // In the nested form only an allowed type casts; any other `::` is part of the key.
    expect(await names({ meta: { 'age::nope': 100 } })).toEqual([]);
    // As text, '9' sorts after '30': the cast is what makes this a numeric comparison.
    expect(await names({ 'meta.age::text': { [Op.gt]: '30' } })).toEqual(['cid']);
    await expect(names({ 'meta.age::integer); DROP TABLE profiles; --': 1 })).rejects.toThrow(
      /Profile: where\.meta\.age::.*casts to .*the types a path can be cast to are integer/,
    );
  });

  it('reads array elements by index ([n]) and keys with dots when escaped', async () => {
    expect(await names({ 'meta.tags[0]': 'b' })).toEqual(['bob']);
    expect(await names({ 'meta.tags[1]': 'b' })).toEqual(['ann']);
    expect(await names({ 'meta.dot\\.key': 1 })).toEqual(['ann']);
    // Unescaped, the dot is a step: the key "dot" has no member "key".
    expect(await names({ 'meta.dot.key': 1 })).toEqual([]);
  });

  it('orders and selects by a path with json()', async () => {
    const ordered = await Profile.findAll({
      where: { name: ['ann', 'bob', 'cid'] },
      order: [[json('meta.age::integer'), 'DESC']],
    });
    expect(ordered.map((p) => p.name)).toEqual(['ann', 'bob', 'cid']);
    const rows = (await Profile.findAll({
      attributes: ['name', [json('meta.address.city'), 'city']],
      where: { name: ['ann', 'bob'] },
      order: [['name', 'ASC']],
      raw: true,
    })) as unknown as Array<{ name: string; city: string }>;
    expect(rows).toEqual([
      { name: 'ann', city: 'Oslo' },
      { name: 'bob', city: 'Bergen' },
    ]);
    expect(
      (await Profile.findAll({ where: where(json('meta.address.zip'), Op.eq, '0150') })).map((p) => p.name),
    ).toEqual(['cid']);
  });

  it('updates one key with jsonSet and leaves the rest of the document', async () => {
    const [affected] = await Profile.update(
      { meta: jsonSet('meta.address.city', 'Trondheim') },
      { where: { name: 'cid' } },
    );
    expect(affected).toBe(1);
    const cid = await Profile.findOne({ where: { name: 'cid' } });
    expect(cid?.meta).toEqual({ age: 9, address: { city: 'Trondheim', zip: '0150' }, tags: [] });
    await Profile.update({ meta: jsonSet('meta.address', { city: 'Oslo', zip: '0150' }) }, { where: { name: 'cid' } });
    expect((await Profile.findOne({ where: { name: 'cid' } }))?.meta).toEqual({
      age: 9,
      address: { city: 'Oslo', zip: '0150' },
      tags: [],
    });
  });

  it('treats every key as data: hostile keys are bound and find exactly their member', async () => {
    for (const [i, key] of HOSTILE_KEYS.entries()) {
      const escaped = key.replace(/[\\.[:]/g, (c) => `\\${c}`);
      expect(await names({ [`meta.${escaped}`]: `v${i}` })).toEqual(['eve']);
      // The nested form refuses a $ key (it could be a string operator); the path form names it.
      if (key.startsWith('$')) await expect(names({ meta: { [key]: `v${i}` } })).rejects.toThrow(/string operator/);
      else expect(await names({ meta: { [key]: `v${i}` } })).toEqual(['eve']);
    }
  });

  it('queries and updates a plain JSON attribute the same way', async () => {
    expect(await names({ 'doc.address.city': 'Oslo' })).toEqual(['ann', 'cid']);
    expect(await names({ doc: { tags: { [Op.ne]: null } }, 'doc.age::integer': { [Op.gte]: 30 } })).toEqual([
      'ann',
      'bob',
    ]);
    expect(await names({ 'doc.tags[0]': 'a' })).toEqual(['ann']);
    await Profile.update({ doc: jsonSet('doc.tags[0]', 'z') }, { where: { name: 'ann' } });
    expect((await Profile.findOne({ where: { name: 'ann' } }))?.doc?.tags).toEqual(['z', 'b']);
    expect(await names({ 'doc.tags[0]': 'z' })).toEqual(['ann']);
  });

  it('still refuses string operators and non-JSON paths with a clear error', async () => {
    await expect(names({ meta: { $gt: 1 } })).rejects.toThrow(/where\.meta uses the string operator '\$gt'/);
    await expect(names({ meta: { address: { $ne: 'x' } } })).rejects.toThrow(InvalidQueryError);
    await expect(names({ 'name.first': 'a' })).rejects.toThrow(/where\.name\.first: name is not a JSON attribute/);
    await expect(names({ 'nope.a': 'a' })).rejects.toThrow(/"nope" is not an attribute of Profile/);
    await expect(names({ 'meta.tags[x]': 'a' })).rejects.toThrow(/array index/);
    await expect(Profile.findAll({ order: [[json(42 as never), 'ASC']] })).rejects.toThrow(
      /json\(42\) names no path into a JSON attribute/,
    );
    await expect(Profile.findAll({ order: [[json('name.x'), 'ASC']] })).rejects.toThrow(/name is not a JSON attribute/);
    // The table is untouched by everything above.
    expect(await Profile.count()).toBe(PROFILES.length);
  });
});
