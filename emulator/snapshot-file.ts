/**
 * One JSON file a module keeps its whole state in, rewritten on each change
 * after the previous write, through a temporary file so that a stop halfway
 * leaves the old state rather than half a new one. Callers do not wait (an
 * answer must not hang on the disk), so a failed write is reported here
 * rather than left as an unhandled rejection; after close() nothing is
 * written (a late push must not recreate a data folder that was removed), and
 * a folder removed while running stays removed: its lost writes are counted,
 * for the emulator to say so when it stops.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export class SnapshotFile<T> {
  private saving: Promise<void> = Promise.resolve();
  private closed = false;
  private removed = false;
  private lostSaves = 0;

  private constructor(
    private readonly file: string,
    private readonly snapshot: () => T,
  ) {}

  /** Opens `file` (its folder made if missing): what it held, or undefined for a first start. */
  static async open<T>(file: string, snapshot: () => T): Promise<{ store: SnapshotFile<T>; saved: T | undefined }> {
    await mkdir(path.dirname(file), { recursive: true });
    const saved = existsSync(file) ? (JSON.parse(await readFile(file, 'utf8')) as T) : undefined;
    return { store: new SnapshotFile(file, snapshot), saved };
  }

  unsaved(): { removed: boolean; updates: number } {
    return { removed: this.removed, updates: this.lostSaves };
  }

  save(): Promise<void> {
    if (this.closed) return this.saving;
    this.saving = this.saving.then(async () => {
      if (this.removed || !existsSync(path.dirname(this.file))) {
        this.removed = true;
        this.lostSaves += 1;
        return;
      }
      const temp = `${this.file}.tmp`;
      try {
        await writeFile(temp, JSON.stringify(this.snapshot(), null, 1));
        await rename(temp, this.file);
      } catch (error) {
        // removed between the check and the write
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !existsSync(path.dirname(this.file))) {
          this.removed = true;
          this.lostSaves += 1;
        } else {
          console.error(`[emulator] ${path.basename(this.file)} not saved: ${(error as Error).message}`);
        }
      }
    });
    return this.saving;
  }

  /** The last write (unless the folder is gone), then no more. */
  async close(): Promise<void> {
    if (!this.removed && !existsSync(path.dirname(this.file))) this.removed = true;
    if (!this.removed) await this.save();
    else await this.saving;
    this.closed = true;
  }
}
