import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoundedMap, GenerationMap, perNode, perNodeWith, trackedCaches } from '../../../server/src/cache';

describe('BoundedMap', () => {
  it('keeps the most recently read or written entries up to its count', () => {
    const m = new BoundedMap<string, number>({ max: 2 });
    m.set('a', 1).set('b', 2);
    assert.equal(m.get('a'), 1); // a is now the most recent
    m.set('c', 3);
    assert.deepEqual([...m.keys()], ['a', 'c']);
    m.set('a', 4);
    m.set('d', 5);
    assert.deepEqual([...m.keys()], ['a', 'd']);
    assert.deepEqual([...m.values()], [4, 5]);
    assert.equal(m.get('missing'), undefined);
    assert.equal(m.size, 2);
  });

  it('stays at its count however many entries go in, and the most recent survive', () => {
    const m = new BoundedMap<number, number>({ max: 100 });
    for (let i = 0; i < 1000; i++) {
      m.set(i, i);
      assert.ok(m.size <= 100);
    }
    assert.equal(m.size, 100);
    for (let i = 900; i < 1000; i++) assert.equal(m.peek(i), i);
  });

  it('peek leaves the order of use as it is', () => {
    const m = new BoundedMap<string, number>({ max: 2 });
    m.set('a', 1).set('b', 2);
    assert.equal(m.peek('a'), 1);
    m.set('c', 3);
    assert.deepEqual([...m.keys()], ['b', 'c']);
  });

  it('is bounded by total weight, the last entry always kept', () => {
    const m = new BoundedMap<string, string>({ max: 3, maxWeight: 100 });
    m.set('a', 'A', 10).set('b', 'B', 10).set('c', 'C', 10).set('d', 'D', 10);
    assert.deepEqual(['a', 'b', 'c', 'd'].map((k) => m.peek(k)), [undefined, 'B', 'C', 'D']);
    m.set('b', 'B2', 10); // now the most recent
    m.set('e', 'E', 75);
    assert.deepEqual(['b', 'c', 'd', 'e'].map((k) => m.peek(k)), ['B2', undefined, 'D', 'E']);
    assert.equal(m.weight, 95);
    m.set('huge', 'H', 1000);
    assert.deepEqual(['b', 'e', 'huge'].map((k) => m.peek(k)), [undefined, undefined, 'H']);
    assert.equal(m.weight, 1000);
    m.delete('huge');
    assert.equal(m.weight, 0);
  });

  it('weighs values with `weigh` when no weight is given', () => {
    const m = new BoundedMap<string, string>({ max: 10, maxWeight: 10, weigh: (v) => v.length });
    m.set('a', 'xxxx').set('b', 'yyyy').set('c', 'zzzz');
    assert.deepEqual([...m.keys()], ['b', 'c']);
    assert.equal(m.weight, 8);
  });

  it('hands every value that leaves to onEvict once: evicted, replaced, deleted, cleared', () => {
    const left: string[] = [];
    const m = new BoundedMap<string, string>({ max: 2, onEvict: (v, k) => left.push(`${k}=${v}`) });
    m.set('a', '1').set('b', '2').set('c', '3'); // a evicted
    m.set('b', '2'); // the same value again: nothing leaves
    m.set('b', '4'); // replaced
    m.delete('c');
    m.delete('missing');
    m.set('d', '5');
    m.clear();
    assert.deepEqual(left, ['a=1', 'b=2', 'c=3', 'b=4', 'd=5']);
    assert.equal(m.size, 0);
  });

  it('refuses a bound below one', () => {
    assert.throws(() => new BoundedMap({ max: 0 }), RangeError);
    assert.throws(() => new GenerationMap({ max: Number.NaN }), RangeError);
  });
});

describe('GenerationMap', () => {
  it('never holds more than its bound, and always the most recently used half', () => {
    const m = new GenerationMap<number, number>({ max: 100 });
    for (let i = 0; i < 1000; i++) {
      m.set(i, i * 2);
      assert.ok(m.size <= 100, `${m.size} entries after ${i + 1}`);
    }
    for (let i = 950; i < 1000; i++) assert.equal(m.get(i), i * 2);
    assert.ok(m.size >= 50);
  });

  it('keeps an entry that is used, however many others come and go', () => {
    const m = new GenerationMap<string, string>({ max: 10 });
    m.set('hot', 'H');
    for (let i = 0; i < 1000; i++) {
      m.set(`cold${i}`, 'C');
      assert.equal(m.get('hot'), 'H');
    }
    assert.ok(m.size <= 10);
  });

  it('stores null, and finds it', () => {
    const m = new GenerationMap<string, string | null>({ max: 4 });
    m.set('none', null);
    assert.equal(m.get('none'), null);
    assert.equal(m.get('other'), undefined);
    assert.ok(m.has('none'));
  });

  it('rotate(): what the previous generation held and was not used since is dropped', () => {
    const m = new GenerationMap<string, number>({ max: 100 });
    m.set('a', 1).set('b', 2).set('c', 3);
    m.rotate(); // one analysis ends
    assert.equal(m.get('a'), 1); // the next one uses a and adds d
    m.set('d', 4);
    m.rotate();
    assert.deepEqual(['a', 'b', 'c', 'd'].map((k) => m.get(k)), [1, undefined, undefined, 4]);
    assert.equal(m.size, 2);
    m.clear();
    assert.equal(m.size, 0);
  });

  it('rotate() after the current generation turned over by itself keeps both: all was used since', () => {
    const m = new GenerationMap<number, number>({ max: 10 });
    for (let i = 0; i < 13; i++) m.set(i, i); // turns over at 5 and at 10
    m.rotate();
    assert.deepEqual([...Array(13).keys()].filter((i) => m.has(i)), [5, 6, 7, 8, 9, 10, 11, 12]);
    m.get(7);
    m.rotate(); // a generation that used only 7: what the generation that turned over ended with stays once more
    assert.deepEqual([...Array(13).keys()].filter((i) => m.has(i)), [7, 10, 11, 12]);
    m.get(7);
    m.rotate();
    assert.deepEqual([...Array(13).keys()].filter((i) => m.has(i)), [7]);
    assert.ok(m.size <= 10);
  });
});

describe('perNode and perNodeWith', () => {
  it('compute once per object, keep the value on it out of sight', () => {
    let calls = 0;
    const double = perNode((o: { n: number }) => {
      calls++;
      return o.n * 2;
    });
    const a = { n: 2 };
    const b = { n: 5 };
    assert.equal(double(a), 4);
    assert.equal(double(a), 4);
    assert.equal(double(b), 10);
    assert.equal(calls, 2);
    assert.deepEqual(Object.keys(a), ['n']);
    assert.deepEqual({ ...a }, { n: 2 });
    assert.equal(JSON.stringify(a), '{"n":2}');
  });

  it('perNodeWith keeps one value per object: another argument replaces it', () => {
    const calls: string[] = [];
    const f = perNodeWith((o: { n: number }, unit: { name: string }) => {
      calls.push(unit.name);
      return `${o.n} ${unit.name}`;
    });
    const o = { n: 3 };
    const kg = { name: 'kg' };
    const lb = { name: 'lb' };
    assert.equal(f(o, kg), '3 kg');
    assert.equal(f(o, kg), '3 kg');
    assert.equal(f(o, lb), '3 lb');
    assert.equal(f(o, lb), '3 lb');
    assert.equal(f(o, kg), '3 kg');
    assert.deepEqual(calls, ['kg', 'lb', 'kg']);
    assert.equal(Object.getOwnPropertySymbols(o).length, 1);
  });
});

describe('trackedCaches', () => {
  it('lists the named caches that are alive, with their sizes and bounds', () => {
    const m = new BoundedMap<string, number>({ max: 3, name: 'test.tracked' });
    m.set('a', 1);
    const [t] = trackedCaches('test.tracked');
    assert.equal(t, m);
    assert.equal(t.size, 1);
    assert.equal(t.max, 3);
    assert.ok(t.has('a'));
    assert.deepEqual(trackedCaches('test.nothing'), []);
  });
});
