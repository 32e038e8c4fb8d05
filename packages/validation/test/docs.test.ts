import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtInValidators } from '../src';

// docs/validation.md's table is written by hand; this keeps it in step with the code.
describe('docs/validation.md', () => {
  const docs = readFileSync(join(__dirname, '../../../docs/validation.md'), 'utf8');

  it.each(builtInValidators.map((v) => [v.name, v]))('lists %s with its decorator and example', (_name, row) => {
    const line = docs.split('\n').find((l) => new RegExp(`^\\| \`${row.name}\` +\\|`).test(l));
    expect(line).toBeDefined();
    expect(line).toContain(`\`@${row.decorator}\``);
    for (const example of row.example.split('  or  ')) expect(line).toContain(`\`${example}\``);
  });
});
