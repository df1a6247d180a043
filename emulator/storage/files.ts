/**
 * Cloud storage's files on disk: `cloud://<env>.<bucket>/<path>` is the file
 * `<dataDir>/storage/<path>`.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

export class FileStore {
  readonly root: string;

  constructor(
    dataDir: string,
    private readonly envId: string,
  ) {
    this.root = path.join(dataDir, 'storage');
  }

  /** The bucket part of a file ID, shaped as the cloud's: `<hex of 2 chars>-<env>-<appid-ish>`. */
  get bucket(): string {
    return `${Buffer.from(this.envId.slice(0, 2)).toString('hex')}-${this.envId}-1250000000`;
  }

  fileIdOf(cloudPath: string): string {
    return `cloud://${this.envId}.${this.bucket}/${cloudPath}`;
  }

  /** The cloud path of a file ID, or undefined when it is not one or leaves the folder. */
  cloudPathOf(fileId: string): string | undefined {
    const match = /^cloud:\/\/[^/]+\/(.+)$/.exec(fileId);
    return match ? checkedCloudPath(match[1]) : undefined;
  }

  localPath(cloudPath: string): string {
    return path.join(this.root, cloudPath);
  }

  exists(cloudPath: string): boolean {
    return existsSync(this.localPath(cloudPath));
  }

  async write(cloudPath: string, bytes: Buffer): Promise<void> {
    const target = this.localPath(cloudPath);
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(4).toString('hex')}.uploading`;
    await writeFile(temp, bytes);
    await rename(temp, target);
  }

  async remove(cloudPath: string): Promise<boolean> {
    if (!this.exists(cloudPath)) return false;
    await rm(this.localPath(cloudPath), { force: true });
    return true;
  }

  async size(cloudPath: string): Promise<number> {
    return (await stat(this.localPath(cloudPath))).size;
  }

  async list(): Promise<{ fileID: string; size: number }[]> {
    if (!existsSync(this.root)) return [];
    const entries = await readdir(this.root, { recursive: true, withFileTypes: true });
    const files = entries.filter((e) => e.isFile() && !e.name.endsWith('.uploading'));
    return Promise.all(
      files.map(async (e) => {
        const cloudPath = path.relative(this.root, path.join(e.parentPath, e.name)).split(path.sep).join('/');
        return { fileID: this.fileIdOf(cloudPath), size: await this.size(cloudPath) };
      }),
    );
  }
}

/** A relative path inside the bucket, or undefined for one that climbs out or is empty. */
export function checkedCloudPath(cloudPath: string): string | undefined {
  const normalized = path.posix.normalize(cloudPath.replace(/^\/+/, ''));
  if (!normalized || normalized === '.' || normalized.startsWith('..') || normalized.includes('\0')) return undefined;
  return normalized;
}
