/**
 * Temporary directories for tests, removed after each test file (setup.ts registers the clean-up), so a
 * run leaves nothing in the system temp dir. A test that must keep one sets VLG_KEEP_TEMP=1.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const created: string[] = [];

export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  if (process.env.VLG_KEEP_TEMP === '1') return;
  for (const dir of created.splice(0)) {
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // A mount the test itself still holds (EBUSY): its own afterAll unmounts and removes it.
    }
  }
}
