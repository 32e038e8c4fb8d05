import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataTypes, Model, ModelDefinitionError, Strata, ValidationError, type CreationOptional } from '@strata/core';
import { builtInValidators } from '@strata/validation';
import * as annotations from '@strata/annotations';
import {
  Column,
  IsEmail,
  IsIn,
  Length,
  Max,
  Min,
  ModelValidator,
  NotEmpty,
  Table,
  Validate,
} from '@strata/annotations';
import { describeEachDialect } from '../../../test-support/dialects';

const { render } = require('../scripts/generate-validators.js') as {
  render(rows: typeof builtInValidators): string;
};

@Table({ tableName: 'places', timestamps: false })
class Place extends Model {
  declare id: CreationOptional<number>;
  @Length({ args: [2, 20], msg: 'Name: 2 to 20 characters' }) @NotEmpty @Column declare name: string;
  @IsIn([['park', 'museum']]) @Column declare kind: string;
  @Min(-90) @Max(90) @Column(DataTypes.FLOAT) declare latitude: number | null;
  @Min(-180) @Max(180) @Column(DataTypes.FLOAT) declare longitude: number | null;
  @IsEmail({ msg: 'not an address' }) @Column(DataTypes.STRING) declare contact: string | null;
  @Validate({
    isEven(value: unknown) {
      if (Number(value) % 2 !== 0) throw new Error('Only even ratings');
    },
  })
  @Column(DataTypes.INTEGER)
  declare rating: number | null;

  @ModelValidator
  bothCoordsOrNone(): void {
    if ((this.latitude === null) !== (this.longitude === null)) {
      throw new Error('Either both latitude and longitude, or neither');
    }
  }
}

function errorsOf(error: unknown): Array<{ path: string | null; validatorKey: string | null; message: string }> {
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).errors.map(({ path, validatorKey, message }) => ({ path, validatorKey, message }));
}

describeEachDialect('validator decorators', (ctx) => {
  beforeAll(async () => {
    const db = ctx.connect({ models: [Place] });
    await db.sync({ force: true });
  });

  const valid = { name: 'Kew', kind: 'park', latitude: 51.4, longitude: -0.29, contact: null, rating: 4 };

  it('write a valid row', async () => {
    const place = await Place.create(valid);
    expect((await Place.findByPk(place.id))?.name).toBe('Kew');
  });

  it('report every failing attribute and model validator, and write nothing', async () => {
    const before = await Place.count();
    const error = await Place.create({
      name: 'K',
      kind: 'zoo',
      latitude: 100,
      longitude: null,
      contact: 'nope',
      rating: 3,
    }).catch((e: unknown) => e);
    expect(errorsOf(error)).toEqual([
      { path: 'name', validatorKey: 'len', message: 'Name: 2 to 20 characters' },
      { path: 'kind', validatorKey: 'isIn', message: expect.any(String) },
      { path: 'latitude', validatorKey: 'max', message: expect.any(String) },
      { path: 'contact', validatorKey: 'isEmail', message: 'not an address' },
      { path: 'rating', validatorKey: 'isEven', message: 'Only even ratings' },
      {
        path: 'bothCoordsOrNone',
        validatorKey: 'bothCoordsOrNone',
        message: 'Either both latitude and longitude, or neither',
      },
    ]);
    expect(await Place.count()).toBe(before);
  });
});

describe('generated validator decorators', () => {
  it('are up to date with builtInValidators (run scripts/generate-validators.js)', () => {
    const file = readFileSync(join(__dirname, '../src/validators.generated.ts'), 'utf8');
    expect(file).toBe(render(builtInValidators));
  });

  it('export one decorator per row of the table', () => {
    const exported = annotations as unknown as Record<string, unknown>;
    const missing = builtInValidators.filter((row) => typeof exported[row.decorator] !== 'function');
    expect(missing).toEqual([]);
  });

  it('put the spec under the validator key', () => {
    @Table
    class Specs extends Model {
      @annotations.IsUUID(4) @Column declare a: string;
      @annotations.IsInt({ args: { min: 0 }, msg: 'positive' }) @Column declare b: number;
      @annotations.IsIPv4
      @annotations.NotNull({ msg: 'required' })
      @annotations.AllowNull(false)
      @Column
      declare c: string;
      @annotations.Is(['^[a-z]+$', 'i']) @Column declare d: string;
    }
    const db = new Strata('sqlite::memory:', { models: [Specs] });
    const attributes = Specs.getAttributes();
    expect(attributes.a?.validate).toEqual({ isUUID: 4 });
    expect(attributes.b?.validate).toEqual({ isInt: { args: { min: 0 }, msg: 'positive' } });
    expect(attributes.c?.validate).toEqual({ isIPv4: true, notNull: { msg: 'required' } });
    expect(attributes.d?.validate).toEqual({ is: ['^[a-z]+$', 'i'] });
    return db.close();
  });

  it('refuse bare use of a validator that needs its argument', () => {
    const BareLength = Length as unknown as PropertyDecorator;
    expect(() => {
      class Bare extends Model {
        @BareLength @Column declare name: string;
      }
      return Bare;
    }).toThrow(new ModelDefinitionError('Bare.name: @Length needs its argument, as in validate: { len: ... }'));
  });

  it('report a bad spec when the model is added, naming the model and attribute', () => {
    @Table
    class BadSpec extends Model {
      @Length('long' as unknown as [number, number]) @Column declare name: string;
    }
    const db = new Strata('sqlite::memory:');
    expect(() => db.addModels([BadSpec])).toThrow(/BadSpec.*name/);
    return db.close();
  });

  it('refuse @ModelValidator on a static method', () => {
    expect(() => {
      class StaticCheck extends Model {
        @ModelValidator
        static check(): void {}
      }
      return StaticCheck;
    }).toThrow(/StaticCheck\.check: @ModelValidator decorates instance methods/);
  });
});
