import { spawn } from 'node:child_process';
import path from 'node:path';
import { SECRET, useStores, useTempDataDir } from './helpers';

const ROOT = path.join(__dirname, '../../..');
const WRITER = path.join(__dirname, 'fixtures/crash-writer.ts');
const REALM = '9130350000000001';

/** Runs the writer until it reported `commits` saves, SIGKILLs it, and returns the last save it reported. */
function crashAfter(dataDir: string, commits: number): Promise<number> {
  return new Promise((resolve, reject) => {
    // node itself with tsx as a loader (not the tsx CLI, which forks a grandchild that SIGKILL would miss).
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, SECRET, REALM], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let lastReported = 0;
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      for (const match of buffered.matchAll(/saved (\d+)\n/g)) lastReported = Number(match[1]);
      buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
      if (lastReported >= commits) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(lastReported);
      else reject(new Error(`writer exited without being killed (${String(signal)})`));
    });
  });
}

describe('store crash recovery', () => {
  const temp = useTempDataDir();
  const open = useStores();

  it('when the process is killed right after saving rotated tokens, then a restarted store reads at least the last reported save', async () => {
    const lastReported = await crashAfter(temp.dataDir(), 20);
    const store = open({ dataDir: temp.dataDir() });
    const stored = await store.getTokens(REALM);
    const storedRotation = Number(stored?.refreshToken.replace('RT1-crash-', ''));
    // The kill can land after one more commit than the parent saw reported, never before the reported one.
    expect(storedRotation).toBeGreaterThanOrEqual(lastReported);
    expect(stored?.accessToken).toBe(`access-${storedRotation}`);
  });
});
