import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { Strata } from '@strata/core';
// Types only (erased): the runtime classes come from the metadata-free compilation below.
import type { Note, Untyped } from './fixtures/explicit-types.model';
import { describeEachDialect } from '../../../test-support/dialects';

interface Fixture {
  Note: typeof Note;
  Untyped: typeof Untyped;
}

/** Compiles the fixture the way esbuild/tsx do (no design:type metadata) and loads it. */
function loadWithoutMetadata(): { fixture: Fixture; output: string } {
  const source = readFileSync(join(__dirname, 'fixtures/explicit-types.model.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      experimentalDecorators: true,
      emitDecoratorMetadata: false,
      useDefineForClassFields: true,
    },
  });
  const module = { exports: {} as Fixture };
  // The fixture's imports resolve to the same @strata modules this test uses.
  new Function('require', 'module', 'exports', outputText)(require, module, module.exports);
  return { fixture: module.exports, output: outputText };
}

describeEachDialect('models compiled without emitDecoratorMetadata', (ctx) => {
  const { fixture, output } = loadWithoutMetadata();

  it('really carry no type metadata', () => {
    expect(output).toContain('__decorate');
    expect(output).not.toContain('design:type');
  });

  it('work when every type is explicit', async () => {
    const db = ctx.connect({ models: [fixture.Note] });
    await db.sync({ force: true });
    const Note = fixture.Note;
    const note = await Note.create({ title: 'Buy milk' });
    expect(note.pinned).toBe(false);
    const found = await Note.findByPk(note.id);
    expect(found?.title).toBe('Buy milk');
    expect(found?.createdAt).toBeInstanceOf(Date);
    expect(String(Note.getAttributes().title?.type)).toBe('STRING(200)');
  });

  it('name the property whose type is left to the missing metadata', async () => {
    const db = new Strata('sqlite::memory:');
    expect(() => db.addModels([fixture.Untyped])).toThrow(
      /Untyped\.body: cannot infer the data type \(no type metadata was emitted/,
    );
    await db.close();
  });
});
