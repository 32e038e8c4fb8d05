import { DataTypes, Model, ModelDefinitionError, Strata, type AttributesInput, type ModelOptions } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

const attributes: AttributesInput = {
  code: { type: DataTypes.STRING(12), primaryKey: true, comment: 'sku' },
  price: { type: DataTypes.DECIMAL(10, 2), allowNull: false, defaultValue: '0.00' },
  kind: { type: DataTypes.ENUM, values: ['a', 'b'] },
  tags: DataTypes.JSON,
  label: { type: DataTypes.VIRTUAL(DataTypes.STRING, ['code']) },
};
const options: ModelOptions = {
  underscored: true,
  paranoid: true,
  version: true,
  indexes: [{ fields: ['kind'] }],
  comment: 'products',
};

/** A definition without its functions and option object, for comparing two builds. */
function shape(model: typeof Model): unknown {
  const { options: _options, ...definition } = model.definition;
  return JSON.parse(JSON.stringify({ ...definition, attributes: [...definition.attributes.values()] }));
}

describeEachDialect('ModelDefinition', (ctx) => {
  let db: Strata;
  beforeAll(() => {
    db = ctx.connect();
  });

  it('is the same from Model.init and db.define', () => {
    class Product extends Model {}
    Product.init(attributes, { ...options, strata: db });
    const Defined = ctx.connect().define('Product', attributes, options);
    expect(shape(Defined)).toEqual(shape(Product));
    const definition = Product.definition;
    expect(definition.tableName).toBe('Products');
    expect(definition.primaryKeys).toEqual(['code']);
    expect([...definition.attributes.keys()]).toEqual([
      'code',
      'price',
      'kind',
      'tags',
      'label',
      'createdAt',
      'updatedAt',
      'deletedAt',
      'version',
    ]);
    expect(definition.columnAttributes.map((a) => a.field)).toEqual([
      'code',
      'price',
      'kind',
      'tags',
      'created_at',
      'updated_at',
      'deleted_at',
      'version',
    ]);
    expect(definition.attributes.get('kind')?.type.values).toEqual(['a', 'b']);
    expect(definition.attributes.get('label')?.virtual).toBe(true);
  });

  it('reports every problem of a definition at once', () => {
    let message = '';
    try {
      db.define('Bad', {
        id: DataTypes.STRING,
        nothing: {} as never,
        wrong: { type: 'varchar' as never },
        a: { type: DataTypes.STRING, field: 'same' },
        b: { type: DataTypes.STRING, field: 'same' },
      });
    } catch (error) {
      expect(error).toBeInstanceOf(ModelDefinitionError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/Bad\.nothing: no data type/);
    expect(message).toMatch(/Bad\.wrong: varchar is not a data type/);
    expect(message).toMatch(/Bad\.id: an attribute named id must be the primary key/);
    expect(message).toMatch(/Bad\.b: column same is also used by a/);
  });
});
