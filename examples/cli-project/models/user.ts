import { DataTypes, Model, type CreationOptional } from '@strata/core';
import { AutoIncrement, Column, PrimaryKey, Table } from '@strata/annotations';

// Column types are explicit: the strata CLI loads models without decorator metadata.
@Table({ tableName: 'Users' })
export class User extends Model {
  @PrimaryKey
  @AutoIncrement
  @Column(DataTypes.INTEGER)
  declare id: CreationOptional<number>;

  @Column({ type: DataTypes.STRING(120), allowNull: false, unique: true })
  declare email: string;

  @Column(DataTypes.STRING)
  declare name: string | null;

  @Column(DataTypes.INTEGER)
  declare age: number | null;

  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}
