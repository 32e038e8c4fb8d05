import { Association } from './association';
import { BelongsTo } from './belongs-to';
import { BelongsToMany } from './belongs-to-many';
import { HasMany } from './has-many';
import { HasOne } from './has-one';

/** The association classes by kind, as Sequelize also reaches them: `Association.HasMany`. */
export const AssociationKinds = { HasOne, HasMany, BelongsTo, BelongsToMany } as const;

// Sequelize code checks `association instanceof Association.HasMany`; the classes cannot be statics
// declared in association.ts (they extend it), so they are attached once all are defined.
Object.assign(Association, AssociationKinds);
