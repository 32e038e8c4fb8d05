import { join } from 'node:path';
import { Strata, UniqueConstraintError, ValidationError } from '@strata/core';
import * as legacy from './fixtures/legacy-models';
import { describeEachDialect } from '../../../../test-support/dialects';
import { COMPILERS, compileFixtures, loadCompiled, removeTemporaryFolders, type Compiler } from './compile';
import { definitionSnapshot } from './definition-snapshot';

// One model set, written with legacy decorators (fixtures/legacy-models.ts, compiled by ts-jest
// with experimentalDecorators) and with standard ones (fixtures/standard/models.ts, compiled
// without experimentalDecorators by tsc 5.9, tsc 7 and esbuild): the same definitions, and the
// same behaviour against the database.
type ModelSet = typeof legacy;
const MODEL_NAMES = ['Member', 'Badge', 'Article', 'Topic', 'ArticleTopic'] as const;
const VARIANTS = ['legacy', ...COMPILERS] as const;
type Variant = (typeof VARIANTS)[number];

const compiled = new Map<Compiler, string>();
beforeAll(() => {
  for (const compiler of COMPILERS) {
    compiled.set(compiler, compileFixtures(join(__dirname, 'fixtures/standard'), compiler));
  }
}, 120_000);
afterAll(removeTemporaryFolders);

function present<T>(value: T | null): T {
  if (value === null) throw new Error('expected a row, found none');
  return value;
}

/** A fresh copy of the variant's classes (a compiled module runs again each time). */
function modelSet(variant: Variant): ModelSet {
  if (variant === 'legacy') return legacy;
  return loadCompiled<ModelSet>(join(compiled.get(variant)!, 'models.js'));
}

describeEachDialect('the same models with standard and legacy decorators', (ctx) => {
  describe.each(VARIANTS)('%s', (variant) => {
    let models: ModelSet;
    let db: Strata;

    beforeAll(async () => {
      models = modelSet(variant);
      db = ctx.connect({ models: models.models });
      await db.sync({ force: true });
    });

    it('defines each model as the legacy decorators do', () => {
      // Both sets are on connections here; the legacy set is the reference.
      const reference = variant === 'legacy' ? null : legacy;
      for (const name of MODEL_NAMES) {
        const snapshot = definitionSnapshot(models[name]) as { attributes: Array<{ name: string }> };
        if (reference) expect(snapshot).toEqual(definitionSnapshot(reference[name]));
        expect(snapshot.attributes.length).toBeGreaterThan(1);
      }
      expect(String(models.Member.getAttributes().id.type)).toBe('INTEGER');
      expect(String(models.Badge.getAttributes().memberId.type)).toBe('INTEGER');
      expect(String(models.Article.getAttributes().source.type)).toBe('STRING(50)');
      expect(Object.keys(models.Member.associations).sort()).toEqual(['articles', 'badge']);
    });

    it('reads and writes attributes through the fields, with hooks, defaults and a get/set pair', async () => {
      const { Member } = models;
      const created = await Member.create({ email: 'Ada@Example.com', age: 36, nickname: 'Countess', handle: 'ada' });
      expect(created.email).toBe('ada@example.com');
      expect(created.name).toBe('ada');
      expect(created.role).toBe('member');
      expect(created.active).toBe(true);
      expect(created.nickname).toBe('COUNTESS');
      expect(created.getDataValue('nickname')).toBe('countess');

      const found = present(await Member.findByPk(created.id));
      expect(found.get({ plain: true })).toMatchObject({ email: 'ada@example.com', name: 'ada', revision: 0 });
      expect(found.joinedAt).toBeInstanceOf(Date);
      found.name = 'Ada L.';
      expect(found.changed('name')).toBe(true);
      expect(found.getDataValue('name')).toBe('Ada L.');
      await found.save();
      const reloaded = present(await Member.findByPk(created.id));
      expect(reloaded.name).toBe('Ada L.');
      expect(reloaded.revision).toBe(1);
    });

    it('validates with the attribute, custom and model-wide validators, and writes nothing on failure', async () => {
      const { Member } = models;
      const before = await Member.count();
      const failure = async (values: Parameters<typeof Member.create>[0]) => {
        const error = await Member.create(values).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(ValidationError);
        return (error as ValidationError).errors.map(({ path, validatorKey }) => `${path}:${validatorKey}`);
      };
      expect(await failure({ email: 'not-an-email' })).toEqual(['email:isEmail']);
      expect(await failure({ email: 'old@example.com', age: 200 })).toEqual(['age:max']);
      expect(await failure({ email: 'spaced@example.com', handle: 'a b' })).toEqual(['handle:noSpaces']);
      expect(await failure({ email: 'kid@example.com', role: 'admin', age: 10 })).toEqual([
        'adminsAreAdults:adminsAreAdults',
      ]);
      await expect(Member.create({ email: 'ADA@example.com' })).rejects.toBeInstanceOf(UniqueConstraintError);
      expect(await Member.count()).toBe(before);
    });

    it('links and loads the associations declared on accessor fields', async () => {
      const { Member, Article, Topic, Badge, ArticleTopic } = models;
      const writer = await Member.create({ email: 'grace@example.com', age: 45 });
      const article = await Article.create({ title: 'Compilers', writerId: writer.id, source: 'print' });
      await Badge.create({ label: 'Admiral', memberId: writer.id });
      const [navy, cobol] = await Promise.all([Topic.create({ name: 'navy' }), Topic.create({ name: 'cobol' })]);
      await ArticleTopic.bulkCreate([navy, cobol].map((topic) => ({ articleId: article.id, topicId: topic.id })));

      const loaded = present(
        await Member.findByPk(writer.id, {
          include: [{ association: 'articles', include: ['topics'] }, 'badge'],
        }),
      );
      expect(loaded.articles?.map((a) => a.title)).toEqual(['Compilers']);
      expect(loaded.articles?.[0].source).toBe('print');
      expect(loaded.articles?.[0].topics?.map((t) => t.name).sort()).toEqual(['cobol', 'navy']);
      expect(loaded.badge?.label).toBe('Admiral');
      const withWriter = present(await Article.findByPk(article.id, { include: ['writer'] }));
      expect(withWriter.writer?.email).toBe('grace@example.com');
      expect(await Article.count({ where: { writerId: writer.id } })).toBe(1);
    });

    it('applies the default scope, the named scopes and soft deletion', async () => {
      const { Member } = models;
      await Member.bulkCreate([
        { email: 'boss@example.com', role: 'admin', age: 50 },
        { email: 'gone@example.com', age: 70, active: false },
      ]);
      const emails = (rows: Array<{ email: string }>) => rows.map((row) => row.email).sort();
      expect(emails(await Member.scope('admins').findAll())).toEqual(['boss@example.com']);
      // A named scope replaces the default scope (as in Sequelize) unless it is named too.
      expect(emails(await Member.scope({ method: ['olderThan', 44] }).findAll())).toEqual([
        'boss@example.com',
        'gone@example.com',
        'grace@example.com',
      ]);
      expect(emails(await Member.scope(['defaultScope', { method: ['olderThan', 44] }]).findAll())).toEqual([
        'boss@example.com',
        'grace@example.com',
      ]);
      expect(emails(await Member.findAll())).not.toContain('gone@example.com');
      expect(emails(await Member.unscoped().findAll({ where: { active: false } }))).toEqual(['gone@example.com']);

      const boss = present(await Member.findOne({ where: { email: 'boss@example.com' } }));
      await boss.destroy();
      expect(emails(await Member.scope('admins').findAll())).toEqual([]);
      const kept = await Member.scope('admins').findAll({ paranoid: false });
      expect(kept.map((row) => row.leftAt)).toEqual([expect.any(Date)]);
    });
  });
});
