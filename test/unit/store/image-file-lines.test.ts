import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileLines } from '../../../src/store/image-files';

describe('fileLines', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'file-lines-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const read = async (text: string, chunkBytes: number): Promise<string[]> => {
    const file = path.join(dir, `f${Math.random().toString(36).slice(2)}.jsonl`);
    writeFileSync(file, text);
    const lines: string[] = [];
    for await (const line of fileLines(file, chunkBytes)) lines.push(line);
    return lines;
  };

  it('yields every line whatever the chunks cut, a line longer than many chunks and a last line without a newline included', async () => {
    const long = `["t",${JSON.stringify('é'.repeat(5_000))}]`;
    const lines = ['{"format":3}', long, '', '["e",[null]]', 'ü€𝒜 last'];
    for (const chunkBytes of [1, 7, 64, 1 << 20]) {
      expect(await read(`${lines.join('\n')}`, chunkBytes)).toEqual(lines);
      expect(await read(`${lines.join('\n')}\n`, chunkBytes)).toEqual(lines);
    }
    expect(await read('', 16)).toEqual([]);
  });
});
