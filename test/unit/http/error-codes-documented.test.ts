import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ERROR_CODES } from '../../../src/http';

describe('error code registry', () => {
  test('when the README lists error codes, then every registered code is there with its status', () => {
    const readme = readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
    for (const [code, status] of Object.entries(ERROR_CODES)) {
      expect(readme).toMatch(new RegExp(`\\| \`${code}\` \\| ${status} \\|`));
    }
  });
});
