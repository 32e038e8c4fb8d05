import 'reflect-metadata';
import { Model, ModelDefinitionError, Strata, type CreationOptional } from '@strata/core';
import {
  AllowNull,
  AutoIncrement,
  BelongsTo,
  Column,
  ForeignKey,
  HasMany,
  PrimaryKey,
  Table,
} from '@strata/annotations';

// Misuse is found when the models reach a connection, before any query: SQLite in memory suffices.
const connections: Strata[] = [];
function connect(models: ReadonlyArray<abstract new (...args: never[]) => unknown>): Strata {
  const db = new Strata({ dialect: 'sqlite', storage: ':memory:' });
  connections.push(db);
  db.addModels(models);
  return db;
}
afterAll(() => Promise.all(connections.map((db) => db.close())));

function addError(models: ReadonlyArray<abstract new (...args: never[]) => unknown>): Error {
  try {
    connect(models);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected addModels to fail');
}

class NotAModel {}

@Table
class Owner extends Model {
  @PrimaryKey @AutoIncrement @Column declare id: CreationOptional<number>;
}

@Table
class Pet extends Model {
  @PrimaryKey @AutoIncrement @Column declare id: CreationOptional<number>;
  @ForeignKey(() => Owner) @Column declare ownerId: number;
  @BelongsTo(() => Owner) declare owner?: Owner;
}

@Table
class Orphan extends Model {
  @PrimaryKey @AutoIncrement @Column declare id: CreationOptional<number>;
  // Owner has no @HasMany(() => Orphan) and Orphan no @BelongsTo(() => Owner).
  @ForeignKey(() => Owner) @Column declare ownerId: number;
}

@Table
class Broken extends Model {
  @PrimaryKey @AutoIncrement @Column declare id: CreationOptional<number>;
  @HasMany(() => NotAModel as never) declare things?: Model[];
  @BelongsTo(() => undefined as never) declare missing?: Model;
}

@Table
class TwoKeys extends Model {
  @PrimaryKey @AutoIncrement @Column declare id: CreationOptional<number>;
  @ForeignKey(() => Owner) @Column declare buyerId: number;
  @ForeignKey(() => Owner) @Column declare sellerId: number;
  @BelongsTo(() => Owner) declare party?: Owner;
}

@Table
class Exchange extends Model {
  @PrimaryKey @AutoIncrement @Column declare id: CreationOptional<number>;
  @ForeignKey(() => Owner) @Column declare buyerId: number;
  @ForeignKey(() => Owner) @Column declare sellerId: number;
  @BelongsTo(() => Owner, 'buyerId') declare buyer?: Owner;
  @BelongsTo(() => Owner, { foreignKey: 'sellerId', onDelete: 'CASCADE' }) declare seller?: Owner;
}

@Table
class Collar extends Model {
  @PrimaryKey @AutoIncrement @Column declare id: CreationOptional<number>;
  // No @Column: the association adds the key, with the column options given here.
  @AllowNull(false) @ForeignKey(() => Owner) declare ownerId: number;
  @BelongsTo(() => Owner) declare owner?: Owner;
}

describe('association decorators resolved', () => {
  it('adds an undecorated key with the referenced key type and its column options', () => {
    connect([Owner, Collar]);
    const key = Collar.getAttributes().ownerId;
    expect(key).toMatchObject({ allowNull: false, references: { key: 'id' } });
    expect(String(key?.type)).toBe('INTEGER');
  });
});

describe('association decorators misused', () => {
  it('refuses an association to a class that is not a model, naming Class.property', () => {
    const error = addError([Owner, Broken]);
    expect(error).toBeInstanceOf(ModelDefinitionError);
    expect(error.message).toContain('Broken.things: @HasMany refers to NotAModel, which is not a model');
    // Every problem of the model is reported at once.
    expect(error.message).toContain('Broken.missing: @BelongsTo refers to undefined');
  });

  it('refuses a @ForeignKey that no association uses', () => {
    const error = addError([Owner, Orphan]);
    expect(error.message).toContain(
      'Orphan.ownerId: @ForeignKey(() => Owner) but no association uses it: add @BelongsTo(() => Owner) here or @HasMany/@HasOne(() => Orphan) on Owner',
    );
  });

  it('refuses an association target that is not among the connection models', () => {
    const error = addError([Pet]);
    expect(error.message).toContain(
      'Pet.owner: @BelongsTo refers to Owner, but Owner has not been defined on this connection (it is not one of its models)',
    );
  });

  it('refuses to guess between two @ForeignKey properties to the same model', () => {
    const error = addError([Owner, TwoKeys]);
    expect(error.message).toContain(
      "TwoKeys.party: TwoKeys has several @ForeignKey(() => Owner) properties (buyerId, sellerId); choose one in @BelongsTo's `foreignKey` option",
    );
  });

  it('uses the key named in the options when several refer to the same model', () => {
    connect([Owner, Exchange]);
    expect(Exchange.associations.buyer).toMatchObject({ foreignKey: 'buyerId' });
    expect(Exchange.associations.seller).toMatchObject({ foreignKey: 'sellerId' });
    expect(Exchange.getAttributes().sellerId).toMatchObject({ onDelete: 'CASCADE' });
  });

  it('refuses an association decorator on a static member or a method', () => {
    expect(() => {
      class Bad extends Model {
        @HasMany(() => Owner) static owners: Owner[];
      }
      return Bad;
    }).toThrow('Bad.owners: @HasMany cannot decorate a static member');
    expect(() => {
      class Worse extends Model {
        @ForeignKey(() => Owner) ownerId(): number {
          return 1;
        }
      }
      return Worse;
    }).toThrow('Worse.ownerId: @ForeignKey decorates attributes (declare fields), not methods or accessors');
  });
});
