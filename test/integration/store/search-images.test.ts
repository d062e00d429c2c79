import fs from 'node:fs';
import path from 'node:path';
import { StoreInvalidArgumentError } from '../../../src/store/errors';
import { describeEachEngine } from './helpers';

const REALM = '9130350000000001';

async function* lines(values: readonly string[], beforeEach?: (k: number) => void): AsyncGenerator<string> {
  for (const [k, value] of values.entries()) {
    beforeEach?.(k);
    yield value;
  }
}

async function readAll(source: AsyncIterable<string> | null): Promise<string[] | null> {
  if (source === null) return null;
  const read: string[] = [];
  for await (const line of source) read.push(line);
  return read;
}

describeEachEngine('store search images', (engine) => {
  const { open } = engine;

  it('when an image is written, then it reads back line by line, owner-only, and a rewrite replaces it whole', async () => {
    const store = await open();
    expect(store.readSearchImage(REALM, 'client_names')).toBeNull();
    await store.writeSearchImage(REALM, 'client_names', lines(['{"a":1}', '["e",[]]', 'x'.repeat(200_000)]));
    expect(await readAll(store.readSearchImage(REALM, 'client_names'))).toEqual(['{"a":1}', '["e",[]]', 'x'.repeat(200_000)]);
    const file = path.join(engine.dataDir(), 'search-images', REALM, 'client_names.jsonl');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    await store.writeSearchImage(REALM, 'client_names', lines(['{"b":2}']));
    expect(await readAll(store.readSearchImage(REALM, 'client_names'))).toEqual(['{"b":2}']);
  });

  it('when a write fails or is aborted half-way, then the previous image is kept and no temporary file is left', async () => {
    const store = await open();
    await store.writeSearchImage(REALM, 'vendor_names', lines(['old 1', 'old 2']));
    const failing = lines(['new 1', 'new 2', 'new 3'], (k) => {
      if (k === 2) throw new Error('disk full');
    });
    await expect(store.writeSearchImage(REALM, 'vendor_names', failing)).rejects.toThrow('disk full');
    const controller = new AbortController();
    const aborted = lines(['new 1', 'new 2'], (k) => k === 1 && controller.abort());
    await expect(store.writeSearchImage(REALM, 'vendor_names', aborted, controller.signal)).rejects.toThrow();

    expect(await readAll(store.readSearchImage(REALM, 'vendor_names'))).toEqual(['old 1', 'old 2']);
    expect(fs.readdirSync(path.join(engine.dataDir(), 'search-images', REALM))).toEqual(['vendor_names.jsonl']);
  });

  it('when a killed process left a temporary file, then the next write of that image removes it', async () => {
    const store = await open();
    await store.writeSearchImage(REALM, 'client_pos', lines(['v1']));
    const dir = path.join(engine.dataDir(), 'search-images', REALM);
    fs.writeFileSync(path.join(dir, 'client_pos.jsonl.4242.deadbeef.tmp'), 'half');
    await store.writeSearchImage(REALM, 'client_pos', lines(['v2']));
    expect(fs.readdirSync(dir)).toEqual(['client_pos.jsonl']);
  });

  it('when a realm is forgotten, then its images are deleted with its other data', async () => {
    const store = await open();
    await store.writeSearchImage(REALM, 'client_names', lines(['x']));
    await store.deleteRealmData(REALM);
    expect(store.readSearchImage(REALM, 'client_names')).toBeNull();
    expect(fs.existsSync(path.join(engine.dataDir(), 'search-images', REALM))).toBe(false);
  });

  it('when a realm id or index name could escape the folder, then it is refused', async () => {
    const store = await open();
    for (const [realm, index] of [['../x', 'client_names'], [REALM, '../../qbo-cache'], [REALM, 'a/b'], ['', 'x']] as const) {
      expect(() => store.readSearchImage(realm, index)).toThrow(StoreInvalidArgumentError);
      await expect(store.writeSearchImage(realm, index, lines(['x']))).rejects.toThrow(StoreInvalidArgumentError);
    }
  });
});
