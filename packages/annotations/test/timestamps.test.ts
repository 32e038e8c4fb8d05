import 'reflect-metadata';
import { Model, OptimisticLockError, Strata, type CreationOptional } from '@strata/core';
import {
  AutoIncrement,
  Column,
  CreatedAt,
  DeletedAt,
  PrimaryKey,
  Table,
  UpdatedAt,
  Version,
} from '@strata/annotations';
import { describeEachDialect } from '../../../test-support/dialects';

@Table({ tableName: 'documents' })
class Document extends Model {
  @PrimaryKey @AutoIncrement @Column declare id: CreationOptional<number>;
  @Column declare title: string;
  @CreatedAt declare created: CreationOptional<Date>;
  @UpdatedAt declare modified: CreationOptional<Date>;
  @DeletedAt declare removedAt: Date | null;
  @Version declare revision: CreationOptional<number>;
}

describeEachDialect('timestamp and version decorators', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect({ models: [Document] });
    await db.sync({ force: true });
  });

  it('name the timestamps and version after their properties and make the model paranoid', () => {
    const definition = Document.definition;
    expect(definition.timestamps).toEqual({ createdAt: 'created', updatedAt: 'modified', deletedAt: 'removedAt' });
    expect(definition.paranoid).toBe(true);
    expect(definition.version).toBe('revision');
    expect(definition.attributes.has('createdAt')).toBe(false);
    expect(String(definition.attributes.get('created')?.type)).toBe('DATE');
    expect(String(definition.attributes.get('revision')?.type)).toBe('INTEGER');
  });

  it('fills the timestamps, soft-deletes and counts versions in the database', async () => {
    const document = await Document.create({ title: 'Draft' });
    expect(document.created).toBeInstanceOf(Date);
    expect(document.modified).toBeInstanceOf(Date);
    expect(document.revision).toBe(0);
    const stale = (await Document.findByPk(document.id))!;
    document.title = 'Final';
    await document.save();
    expect(document.revision).toBe(1);
    stale.title = 'Lost update';
    await expect(stale.save()).rejects.toThrow(OptimisticLockError);
    await document.destroy();
    expect(await Document.findByPk(document.id)).toBeNull();
    const removed = await Document.findByPk(document.id, { paranoid: false });
    expect(removed?.removedAt).toBeInstanceOf(Date);
    expect(removed?.title).toBe('Final');
  });
});

describe('timestamp decorator misuse', () => {
  it('reports a timestamp decorator on a model with timestamps: false', () => {
    @Table({ timestamps: false })
    class Stamped extends Model {
      @CreatedAt declare made: Date;
    }
    const db = new Strata('sqlite::memory:');
    expect(() => db.addModels([Stamped])).toThrow(
      /Stamped\.made: @CreatedAt needs timestamps, but @Table says timestamps: false/,
    );
    return db.close();
  });
});
