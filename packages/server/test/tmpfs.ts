import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A small file system of its own (tmpfs) that a test can fill up or turn read-only under a running
 * database, the way a real disk fails. Mounting needs root (CAP_SYS_ADMIN), as in CI here; where
 * it is not allowed the tests that need it leave out the embedded lane and say so, as the
 * PostgreSQL lane is left out without a server.
 */
export const CAN_MOUNT = (() => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmdirSync(dir);
  }
})();
if (!CAN_MOUNT && !process.env.SLUICE_QUIET_LANES) {
  console.warn('Cannot mount a tmpfs (not root?): the embedded lane of the disk-full and read-only tests is skipped.');
}

export interface SmallDisk {
  dir: string;
  /** Writes a filler file until the disk has no space left. */
  fill(): void;
  /** Removes the filler. */
  free(): void;
  /** Makes the mount read-only for new opens (files already open stay writable, as after a remount). */
  readOnly(): void;
  /** Back to writable. */
  writable(): void;
  /** Unmounts and removes the mount point (nothing may hold files on it any more). */
  remove(): void;
}

export function mountSmallDisk(sizeMb: number): SmallDisk {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir]);
  const filler = join(dir, 'filler');
  let bound = false;
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'w');
      try {
        // Big chunks first, then pages, so the disk ends up with no free page at all.
        for (const size of [1 << 20, 4096]) {
          const chunk = Buffer.alloc(size, 1);
          try {
            for (;;) writeSync(fd, chunk);
          } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
          }
        }
      } finally {
        closeSync(fd);
      }
    },
    free() {
      rmSync(filler, { force: true });
    },
    readOnly() {
      // A read-only bind mount over the folder: a plain `remount,ro` is refused while the
      // database holds files open for writing ("mount point is busy").
      execFileSync('mount', ['--bind', dir, dir]);
      bound = true;
      execFileSync('mount', ['-o', 'remount,ro,bind', dir]);
    },
    writable() {
      if (bound) execFileSync('umount', [dir]);
      bound = false;
    },
    remove() {
      if (bound) execFileSync('umount', [dir]);
      execFileSync('umount', [dir]);
      rmdirSync(dir);
    },
  };
}
