import 'reflect-metadata';
import { Model, ValidationError, type CreationOptional } from '@strata/core';
import {
  AfterConnect,
  BeforeCreate,
  BeforeFindAfterExpandIncludeAll,
  BeforeFindAfterOptions,
  BelongsToMany,
  Column,
  DataType,
  ForeignKey,
  HasMany,
  BelongsTo,
  Is,
  IsArray,
  Length,
  Sequelize,
  Table,
  Validator,
} from '@strata/annotations';
import { describeEachDialect } from '../../../test-support/dialects';

// What sequelize-typescript users write, moved over by changing the imports only.

const findPhases: string[] = [];

@Table({ timestamps: false })
class Gizmo extends Model {
  declare id: CreationOptional<number>;

  // On accessors, @Column makes them the attribute's getter and setter.
  @Column(DataType.STRING)
  get title(): string {
    return `Title: ${String(this.getDataValue('title'))}`;
  }
  set title(value: string) {
    this.setDataValue('title', value.trim());
  }

  @Is(function hexColor(value: unknown) {
    // Custom validators run on null too (as in Sequelize), so they let it through themselves.
    if (value != null && !/^#[0-9a-f]{6}$/i.test(String(value))) throw new Error('not a hex color');
  })
  @Column(DataType.STRING)
  declare color: string | null;

  @Is('Even', (value: unknown) => {
    if (value != null && Number(value) % 2 !== 0) throw new Error('odd');
  })
  @Column(DataType.INTEGER)
  declare pairs: number | null;

  @Length({ min: 2, max: 4, msg: 'code length' })
  @Column(DataType.STRING)
  declare code: string | null;

  @IsArray
  @Column(DataType.JSON)
  declare tags: unknown;

  @Validator
  colorAndCode(): void {
    if (this.color === '#000000' && this.code === 'none') throw new Error('black needs a code');
  }

  @BeforeCreate({ name: 'stampPairs' })
  static stampPairs(gizmo: Gizmo): void {
    if (gizmo.pairs === null || gizmo.pairs === undefined) gizmo.pairs = 2;
  }

  @BeforeFindAfterExpandIncludeAll
  static afterExpand(): void {
    findPhases.push('afterExpandIncludeAll');
  }

  @BeforeFindAfterOptions
  static afterOptions(): void {
    findPhases.push('afterOptions');
  }

  // A connection-level hook on a model: accepted, and never run (as in Sequelize).
  @AfterConnect
  static connected(): void {
    findPhases.push('connected');
  }
}

@Table({ timestamps: false })
class Shelf extends Model {
  declare id: CreationOptional<number>;
  @Column declare name: string;
  @HasMany(() => Volume) declare volumes?: Volume[];
  @BelongsToMany(() => Label, 'shelf_labels') declare labels?: Label[];
}

@Table({ timestamps: false })
class Volume extends Model {
  declare id: CreationOptional<number>;
  @Column declare title: string;
  @ForeignKey(() => Shelf) @Column(DataType.INTEGER) declare shelfId: number | null;
  @BelongsTo(() => Shelf) declare shelf?: Shelf;
}

@Table({ timestamps: false })
class Label extends Model {
  declare id: CreationOptional<number>;
  @Column declare text: string;
}

describeEachDialect('sequelize-typescript compatibility', (ctx) => {
  // Nested, so this connection is closed (its afterAll) before the dialect helper drops the database.
  describe('through new Sequelize(...)', () => {
    let sequelize: Sequelize;
    beforeAll(async () => {
      sequelize = new Sequelize(ctx.url.includes('://') ? ctx.url : `sqlite:${ctx.url}`, {
        models: [Gizmo, Shelf, Volume, Label, `${__dirname}/fixtures/model-paths`],
      });
      await sequelize.sync({ force: true });
    });
    afterAll(() => sequelize.close());

    it('loads the models a path names: the export named like the file, or the one modelMatch picks', () => {
      expect(Object.keys(sequelize.models)).toContain('Gadget');
      expect(Object.keys(sequelize.models)).not.toContain('gadgetLabels');
      // A directory's subdirectories are not loaded; suffixed/widget.model.ts exports Widget...
      expect(Object.keys(sequelize.models)).not.toContain('Widget');
      // ...which a glob and a modelMatch that drops the `.model` suffix and compares case-insensitively does.
      sequelize.addModels(
        [`${__dirname}/fixtures/model-paths/*/*.model.ts`],
        (file, member) => file.replace(/\.model$/, '') === member.toLowerCase(),
      );
      expect(Object.keys(sequelize.models)).toContain('Widget');
    });

    it('reports a model file whose exports do not match', () => {
      expect(() => sequelize.addModels([`${__dirname}/fixtures/model-paths/suffixed/widget.model.ts`])).toThrow(
        /no export matches the file name "widget.model"/,
      );
    });

    it('uses get/set accessors decorated with @Column as the getter and setter', async () => {
      const gizmo = await Gizmo.create({ title: '  Lamp ', tags: [] });
      expect(gizmo.getDataValue('title')).toBe('Lamp');
      expect(gizmo.title).toBe('Title: Lamp');
      const [found] = await Gizmo.findAll({ where: { id: gizmo.id } });
      expect(found.get('title')).toBe('Title: Lamp');
    });

    it('runs @Is function validators under is<Name> keys, @Length({ min, max, msg }), @IsArray and @Validator', async () => {
      const failures = async (values: Record<string, unknown>) => {
        const error = await Gizmo.build({ title: 't', tags: [], ...values })
          .validate()
          .then(() => undefined)
          .catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(ValidationError);
        return (error as ValidationError).errors.map((item) => [item.path, item.validatorKey, item.message]);
      };
      expect(await failures({ color: 'red' })).toEqual([['color', 'isHexColor', 'not a hex color']]);
      expect(await failures({ pairs: 3 })).toEqual([['pairs', 'isEven', 'odd']]);
      expect(await failures({ code: 'abcde' })).toEqual([['code', 'len', 'code length']]);
      expect(await failures({ tags: 'x' })).toEqual([['tags', 'isArray', 'Value must be an array']]);
      expect(await failures({ color: '#000000', code: 'none' })).toEqual([
        ['colorAndCode', 'colorAndCode', 'black needs a code'],
      ]);
      // Valid values pass every one of them.
      await Gizmo.build({ title: 't', tags: [], color: '#00ff00', pairs: 4, code: 'ab' }).validate();
    });

    it('registers a named hook (removable by name) and runs the find-phase hooks after beforeFind', async () => {
      const gizmo = await Gizmo.create({ title: 'x', tags: [] });
      expect(gizmo.pairs).toBe(2);
      Gizmo.removeHook('beforeCreate', 'stampPairs');
      expect((await Gizmo.create({ title: 'y', tags: [] })).pairs).toBeNull();
      findPhases.length = 0;
      await Gizmo.findAll();
      expect(findPhases).toEqual(['afterExpandIncludeAll', 'afterOptions']);
    });

    it('has the $get/$set/$add/$create/$has/$count/$remove helpers, by association property', async () => {
      const shelf = await Shelf.create({ name: 'top' });
      const first = await Volume.create({ title: 'One' });
      const second = await Volume.create({ title: 'Two' });
      await shelf.$set('volumes', [first]);
      await shelf.$add('volumes', second);
      expect(await shelf.$count('volumes')).toBe(2);
      expect(await shelf.$has('volumes', [first, second])).toBe(true);
      const created = await shelf.$create<Volume>('volumes', { title: 'Three' });
      expect(created.shelfId).toBe(shelf.id);
      await shelf.$remove('volumes', first);
      const titles = (await shelf.$get('volumes', { order: [['title', 'ASC']] })).map((volume) => volume.title);
      expect(titles).toEqual(['Three', 'Two']);
      expect((await second.$get('shelf'))?.name).toBe('top');
      const label = await shelf.$create<Label>('labels', { text: 'red' });
      expect(await shelf.$has('labels', label)).toBe(true);
      await expect(shelf.$get('name')).rejects.toThrow(
        /name is not associated to Shelf; valid associations of Shelf: volumes, labels/,
      );
    });

    it('drops keys that name no attribute from create, build and update values, as Sequelize does', async () => {
      const label = await Label.create({ text: 'a', nope: 1 } as never);
      expect(label.toJSON()).not.toHaveProperty('nope');
      expect(Label.build({ text: 'b', nope: 2 } as never).get('nope')).toBeUndefined();
      await label.update({ text: 'c', nope: 3 } as never);
      await Label.update({ text: 'd', nope: 4 } as never, { where: { id: label.id } });
      expect((await Label.findByPk(label.id))!.text).toBe('d');
    });

    it('replaces a model defined again under the same name', async () => {
      @Table({ modelName: 'Gadget', timestamps: false })
      class GadgetV2 extends Model {
        @Column declare label: string;
        @Column declare weight: number;
      }
      sequelize.addModels([GadgetV2]);
      expect(sequelize.models.Gadget).toBe(GadgetV2);
    });
  });
});

describe('new Sequelize(url, { storage })', () => {
  it('lets the explicit sqlite storage win over the path the URL names, as Sequelize does', async () => {
    const sequelize = new Sequelize('sqlite://root@localhost/not-a-directory/db', { storage: ':memory:' });
    await expect(sequelize.authenticate()).resolves.toBeUndefined();
    await sequelize.close();
  });
});
