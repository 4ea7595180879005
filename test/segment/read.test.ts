import { atPath, atPathIgnoringCase, own, ownObject, text } from '../../lib/segment/read';

describe('own-property readers', () => {
  it('never read inherited properties', () => {
    expect(own({}, 'constructor')).toBeUndefined();
    expect(own({}, 'toString')).toBeUndefined();
    expect(atPath({}, ['constructor', 'name'])).toBeUndefined();
    expect(atPathIgnoringCase({}, ['constructor'])).toBeUndefined();
    expect(ownObject({ a: 1 }, '__proto__')).toBeUndefined();
  });

  it('read a "__proto__" key that JSON.parse made an own property, without touching prototypes', () => {
    const parsed = JSON.parse('{"__proto__": {"x": 1}}') as unknown;
    expect(own(parsed, '__proto__')).toEqual({ x: 1 });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('follows exact paths', () => {
    expect(atPath({ properties: { event_id: 'e1' } }, ['properties', 'event_id'])).toBe('e1');
    expect(atPath({ properties: { Event_Id: 'e1' } }, ['properties', 'event_id'])).toBeUndefined();
    expect(atPath({ a: 'x' }, ['a', 'length'])).toBeUndefined();
  });

  it('follows lower-cased paths case-insensitively at every level, exact keys first', () => {
    expect(atPathIgnoringCase({ MyObject: { myproperty: 2 } }, ['myobject', 'myproperty'])).toBe(2);
    expect(atPathIgnoringCase({ MYOBJECT: { MyProperty: 0 } }, ['myobject', 'myproperty'])).toBe(0);
    expect(atPathIgnoringCase({ Brand: 'a', brand: 'b' }, ['brand'])).toBe('b');
    expect(atPathIgnoringCase({ a: [1] }, ['a', '0'])).toBeUndefined();
  });

  it('text: non-empty trimmed strings and finite numbers only', () => {
    expect(text(' a ')).toBe('a');
    expect(text(42)).toBe('42');
    expect(text('  ')).toBeUndefined();
    expect(text(Number.NaN)).toBeUndefined();
    expect(text(true)).toBeUndefined();
    expect(text(null)).toBeUndefined();
  });
});
