import 'reflect-metadata';
import { DataTypes, Model, Strata, type CreationOptional } from '@strata/core';
import {
  AutoIncrement,
  Column,
  CreatedAt,
  Index,
  IsEmail,
  PrimaryKey,
  Scopes,
  Table,
  UpdatedAt,
} from '@strata/annotations';
import { describeEachDialect } from '../../../test-support/dialects';

// An abstract base with shared columns, no @Table: every subclass gets its columns.
abstract class Entity extends Model {
  @PrimaryKey @AutoIncrement @Column declare id: CreationOptional<number>;
  @CreatedAt declare createdAt: CreationOptional<Date>;
  @UpdatedAt declare updatedAt: CreationOptional<Date>;
  @Index @Column(DataTypes.STRING(36)) declare externalRef: string | null;
}

@Table({ tableName: 'customers' })
class Customer extends Entity {
  @IsEmail @Column declare email: string;
}

@Table({ tableName: 'suppliers' })
class Supplier extends Entity {
  @Column declare company: string;
}

// A subclass of a concrete model: inherits its columns and options, not its table.
@Table({ tableName: 'vip_customers' })
class VipCustomer extends Customer {
  @Column declare level: number;
}

describeEachDialect('inherited registrations', (ctx) => {
  beforeAll(async () => {
    const db = ctx.connect({ models: [Customer, Supplier, VipCustomer] });
    await db.sync({ force: true });
  });

  it('give the base columns to every subclass without leaking a sibling’s', () => {
    expect(Object.keys(Customer.getAttributes()).sort()).toEqual(
      ['createdAt', 'email', 'externalRef', 'id', 'updatedAt'].sort(),
    );
    expect(Object.keys(Supplier.getAttributes()).sort()).toEqual(
      ['company', 'createdAt', 'externalRef', 'id', 'updatedAt'].sort(),
    );
    expect(Object.keys(VipCustomer.getAttributes()).sort()).toEqual(
      ['createdAt', 'email', 'externalRef', 'id', 'level', 'updatedAt'].sort(),
    );
    expect(VipCustomer.getAttributes().email?.validate).toEqual({ isEmail: true });
    expect(VipCustomer.tableName).toBe('vip_customers');
    expect(Customer.definition.indexes).toEqual([{ fields: ['externalRef'] }]);
  });

  it('work in the database for each subclass', async () => {
    const customer = await Customer.create({ email: 'c@example.com', externalRef: null });
    const supplier = await Supplier.create({ company: 'Acme', externalRef: 'x-1' });
    const vip = await VipCustomer.create({ email: 'v@example.com', level: 2, externalRef: null });
    expect([customer.id, supplier.id, vip.id]).toEqual([1, 1, 1]);
    expect(customer.createdAt).toBeInstanceOf(Date);
    expect((await Supplier.findOne({ where: { externalRef: 'x-1' } }))?.company).toBe('Acme');
    expect(await Customer.count()).toBe(1);
  });
});

describe('the resolve step', () => {
  it('reports every problem of every model at once, by Class.property', async () => {
    @Table
    class Many extends Model {
      @Column declare tags: string[];
      @Column declare nickname: string | null;
      @IsEmail declare contact: string;
    }
    @Table
    class Other extends Model {
      @Column declare meta: object;
    }
    const db = new Strata('sqlite::memory:');
    let message = '';
    try {
      db.addModels([Many, Other]);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('Many.tags: cannot infer the data type (TypeScript emitted Array)');
    expect(message).toContain(
      'Many.nickname: cannot infer the data type (TypeScript emitted Object, which is what TypeScript emits for unions such as string | null)',
    );
    expect(message).toContain('Many.contact: @IsEmail without @Column');
    expect(message).toContain('Other.meta: cannot infer the data type (TypeScript emitted Object');
    expect(db.models).toEqual({});
    await db.close();
  });

  it('refuses @Table and @Scopes on a class that is not a model at definition time', () => {
    expect(() => {
      @Table
      class PlainTable {}
      return PlainTable;
    }).toThrow(/PlainTable: @Table is used on a class that does not extend Model/);
    expect(() => {
      @Scopes(() => ({}))
      class PlainScopes {}
      return PlainScopes;
    }).toThrow(/PlainScopes: @Scopes is used on a class that does not extend Model/);
  });

  it('refuses a class that is not a model at definition time', () => {
    expect(() => {
      class NotAModel {
        @Column declare name: string;
      }
      return NotAModel;
    }).toThrow(/NotAModel\.name: @Column is used on a class that does not extend Model/);
  });

  it('refuses a decorator on a method or a static member at definition time', () => {
    const Attribute = Column as unknown as MethodDecorator & PropertyDecorator;
    expect(() => {
      class OnMethod extends Model {
        @Attribute name(): string {
          return '';
        }
      }
      return OnMethod;
    }).toThrow(/OnMethod\.name: @Column decorates attributes \(declare fields or get\/set accessors\), not methods/);
    expect(() => {
      class OnStatic extends Model {
        @Column static label: string;
      }
      return OnStatic;
    }).toThrow(/OnStatic\.label: @Column cannot decorate a static member/);
  });

  it('refuses two data types on one property at definition time', () => {
    expect(() => {
      class Twice extends Model {
        @Column(DataTypes.TEXT) @Column({ type: DataTypes.STRING(10) }) declare title: string;
      }
      return Twice;
    }).toThrow(/Twice\.title: the data type is given twice \(@Column\(\{ type: STRING\(10\) \}\), @Column\(TEXT\)\)/);
  });
});
