import type { DataType } from '../definition/data-types';
import { InvalidQueryError } from '../errors/errors';

/**
 * What decides a column's collation: the attribute's own `collate`/`charset`, and the model's
 * (table-wide) ones, which only MySQL applies to its text columns.
 */
export interface CollatedColumn {
  readonly type: DataType;
  readonly collate?: string;
  readonly charset?: string;
  readonly tableCollate?: string;
  readonly tableCharset?: string;
}

/** A column's collation and character set as the dialect writes them (either may be absent). */
export interface ColumnCollation {
  readonly collate?: string;
  readonly charset?: string;
}

/**
 * The attribute's own `collate` and `charset`, after checking that its type holds text on this
 * dialect (`textTypes`): a collation on an INTEGER is an InvalidQueryError naming the type.
 */
export function ownCollation(column: CollatedColumn, textTypes: readonly string[], database: string): ColumnCollation {
  const { collate, charset } = column;
  if ((collate !== undefined || charset !== undefined) && !textTypes.includes(column.type.key)) {
    throw new InvalidQueryError(
      `${collate !== undefined ? 'collate' : 'charset'} applies to text columns (${textTypes.join(', ')} on ${database}), not ${column.type.key}`,
    );
  }
  return { collate, charset };
}
