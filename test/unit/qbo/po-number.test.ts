import { isPoFieldName, pickPoNumber } from '../../../src/qbo/po-number';

describe('pickPoNumber', () => {
  it.each([
    ['P.O. Number'], ['PO #'], ['PO Number'], ['PO'], ['po'], ['P.O.'], ['PO#'], ['Purchase Order'], ['purchase order #'],
    ['Customer PO'], ['PO No.'], ['P.O. No'], ['PO-Number'], ['Purchase Order Number'], ['  po  number '],
  ])('when a custom field is named %j, then it is a PO field', (name) => {
    expect(isPoFieldName(name)).toBe(true);
  });

  it.each([['Crew #'], ['Job'], ['Sales Rep'], ['Post'], ['Pos'], ['PO Box'], ['Project'], ['Port'], ['']])(
    'when a custom field is named %j, then it is not a PO field',
    (name) => {
      expect(isPoFieldName(name)).toBe(false);
    },
  );

  it('when the PO field has a value, then it is returned trimmed', () => {
    expect(pickPoNumber([{ Name: 'Crew #', StringValue: '7' }, { Name: 'P.O. Number', StringValue: ' 4471-B ' }])).toBe('4471-B');
  });

  it('when the PO field is blank, then a later PO-like field with a value is used', () => {
    expect(pickPoNumber([{ Name: 'PO #', StringValue: '  ' }, { Name: 'Purchase Order', StringValue: 'A-100' }])).toBe('A-100');
  });

  it('when no field looks like a PO or none has a value, then undefined', () => {
    expect(pickPoNumber([])).toBeUndefined();
    expect(pickPoNumber([{ Name: 'Crew #', StringValue: '12' }])).toBeUndefined();
    expect(pickPoNumber([{ Name: 'PO #' }, { StringValue: 'x' }])).toBeUndefined();
  });
});
