import { main } from './main';

describe('example: validation', () => {
  it('runs end to end on SQLite', async () => {
    const lines: string[] = [];
    await main((line) => lines.push(line));
    expect(lines).toEqual([
      'a record failing several validators:',
      '  name: len -> A name has 2 to 40 characters',
      '  contact: isEmail -> Validation isEmail on contact failed',
      '  latitude: max -> Validation max on latitude failed',
      '  message: Validation error: Place.name failed len (A name has 2 to 40 characters); ' +
        'Place.contact failed isEmail (Validation isEmail on contact failed); ' +
        'Place.latitude failed max (Validation max on latitude failed)',
      'a model-wide validator:',
      '  bothCoordsOrNone: bothCoordsOrNone -> Either both latitude and longitude, or neither!',
      '  message: Validation error: Place failed bothCoordsOrNone (Either both latitude and longitude, or neither!)',
      'a unique violation:',
      '  fields: contact',
      '  message: This contact email is already used by another place',
      'places stored: 1',
    ]);
  });
});
