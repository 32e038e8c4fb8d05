/**
 * Validation: decorated validators run before every write and a failed validation writes
 * nothing. Shows a record failing several validators (its items and message), a model-wide
 * validator (bothCoordsOrNone) and a unique violation reported in attribute names.
 * Run with `pnpm examples` (or `node examples/dist/validation/main.js`).
 */
import 'reflect-metadata';
import { DataTypes, Model, Strata, UniqueConstraintError, ValidationError, type CreationOptional } from '@strata/core';
import {
  AllowNull,
  AutoIncrement,
  Column,
  IsEmail,
  Length,
  Max,
  Min,
  ModelValidator,
  PrimaryKey,
  Table,
  Unique,
} from '@strata/annotations';

@Table({ tableName: 'places' })
export class Place extends Model {
  @PrimaryKey @AutoIncrement @Column declare id: CreationOptional<number>;

  @Length({ args: [2, 40], msg: 'A name has 2 to 40 characters' })
  @AllowNull(false)
  @Column(DataTypes.STRING)
  declare name: string;

  @IsEmail
  @Unique({ msg: 'This contact email is already used by another place' })
  @Column(DataTypes.STRING)
  declare contact: string | null;

  @Min(-90) @Max(90) @Column(DataTypes.DOUBLE) declare latitude: number | null;
  @Min(-180) @Max(180) @Column(DataTypes.DOUBLE) declare longitude: number | null;

  @ModelValidator
  bothCoordsOrNone(): void {
    if ((this.latitude === null) !== (this.longitude === null)) {
      throw new Error('Either both latitude and longitude, or neither!');
    }
  }
}

/** Prints what a failed write reports: each item, then the one-line message. */
function report(log: (line: string) => void, error: unknown): void {
  // UniqueConstraintError first: as in Sequelize, it is a ValidationError too.
  if (error instanceof UniqueConstraintError) {
    log(`  fields: ${error.fields.join(', ')}`);
    log(`  message: ${error.message}`);
  } else if (error instanceof ValidationError) {
    for (const item of error.errors) log(`  ${item.path}: ${item.validatorKey} -> ${item.message}`);
    log(`  message: ${error.message}`);
  } else throw error;
}

export async function main(log: (line: string) => void = console.log): Promise<void> {
  const db = new Strata({ dialect: 'sqlite', storage: ':memory:', models: [Place] });
  await db.sync();
  await Place.create({ name: 'Harbour', contact: 'harbour@example.com', latitude: -36.84, longitude: 174.76 });

  log('a record failing several validators:');
  try {
    await Place.create({ name: 'X', contact: 'not-an-email', latitude: 123, longitude: 0 });
  } catch (error) {
    report(log, error);
  }

  log('a model-wide validator:');
  try {
    await Place.create({ name: 'Lighthouse', latitude: 10, longitude: null });
  } catch (error) {
    report(log, error);
  }

  log('a unique violation:');
  try {
    await Place.create({ name: 'Pier', contact: 'harbour@example.com', latitude: null, longitude: null });
  } catch (error) {
    report(log, error);
  }

  log(`places stored: ${await Place.count()}`);
  await db.close();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
