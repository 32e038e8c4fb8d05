import 'reflect-metadata';
import { DataTypes, Model, ModelDefinitionError, type CreationOptional, type Strata } from '@strata/core';
import { BelongsTo, Column, ForeignKey, HasMany, Table } from '@strata/annotations';
import { describeEachDialect } from '../../../test-support/dialects';

// @Table({ schema }) feeds the same `schema` option Model.init takes.
describeEachDialect('@Table({ schema })', (ctx) => {
  const schema = `${ctx.url.slice(ctx.url.lastIndexOf('/') + 1) || 'sqlite'}_shop`;

  @Table({ tableName: 'owners', timestamps: false })
  class Owner extends Model {
    declare id: CreationOptional<number>;
    @Column(DataTypes.STRING) declare name: string;
    @HasMany(() => Pet) declare pets?: Pet[];
  }

  @Table({ tableName: 'pets', schema, timestamps: false })
  class Pet extends Model {
    @Column(DataTypes.STRING) declare name: string;
    @ForeignKey(() => Owner) @Column(DataTypes.INTEGER) declare ownerId: number;
    @BelongsTo(() => Owner) declare owner?: Owner;
  }

  if (ctx.dialect === 'sqlite') {
    it('is refused on SQLite, naming the model and the dialect', () => {
      expect(() => ctx.connect({ models: [Owner, Pet] })).toThrow(ModelDefinitionError);
      expect(() => ctx.connect({ models: [Owner, Pet] })).toThrow(/Pet: schema ".*_shop" is not supported on sqlite/);
    });
    return;
  }

  describe('on a server', () => {
    let db: Strata;

    beforeAll(async () => {
      db = ctx.connect({ models: [Owner, Pet] });
      await db.getQueryInterface().createSchema(schema);
      await db.sync();
    });

    afterAll(async () => {
      await db.getQueryInterface().dropSchema(schema, { cascade: true });
    });

    it('creates the table in the schema and loads across it', async () => {
      expect(Pet.definition.schema).toBe(schema);
      expect(await db.getQueryInterface().showAllTables({ schema })).toEqual(['pets']);
      const owner = await Owner.create({ name: 'Ada' });
      await Pet.create({ name: 'Rex', ownerId: owner.id });
      const found = await Owner.findOne({ include: ['pets'] });
      expect(found?.pets?.map((p) => p.name)).toEqual(['Rex']);
      const pet = await Pet.findOne({ include: ['owner'] });
      expect(pet?.owner?.name).toBe('Ada');
    });
  });
});
