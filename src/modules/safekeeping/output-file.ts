import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { errnoOf, SafekeepingError } from './safekeeping.errors.js';

/** Where a writer sends its text: buffered, and waiting when the file is slower than the database. */
export interface TextSink {
  write(text: string): Promise<void>;
}

const FLUSH_AT = 64 * 1024;

/**
 * An output file written under a temporary name beside it and renamed into
 * place only when complete, so a failed or interrupted export never leaves a
 * file that looks whole.
 */
export interface OutputFile extends TextSink {
  /** Flush, sync and rename into place. */
  commit(): Promise<void>;
  /** Remove the partial file (after a failure). */
  abort(): Promise<void>;
}

/**
 * Refuse to write an export or a backup where the site serves files to
 * anyone (DATA_DIR/media, served at /media/): it may hold password hashes.
 */
export function assertNotPublic(target: string, dataDir: string): void {
  const media = path.resolve(dataDir, 'media');
  const resolved = path.resolve(target);
  if (resolved === media || resolved.startsWith(media + path.sep)) {
    throw new SafekeepingError(`${target} is inside ${media}, which the site serves to anyone: choose a folder outside it`);
  }
}

/** Open FILE for writing; fails with one line when its folder does not exist or cannot be written. */
export async function openOutputFile(file: string): Promise<OutputFile> {
  const target = path.resolve(file);
  try {
    if (fs.statSync(target).isDirectory()) throw new SafekeepingError(`cannot write ${file}: it is a directory; give a file name`);
  } catch (err) {
    if (err instanceof SafekeepingError) throw err;
  }
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${crypto.randomBytes(6).toString('hex')}.partial`);
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(tmp, 'wx', 0o600);
  } catch (err) {
    throw new SafekeepingError(`cannot write ${file} (${errnoOf(err)}): choose a file in a folder that exists and that you may write to`);
  }
  let buffer: string[] = [];
  let size = 0;
  const flush = async () => {
    if (size === 0) return;
    const text = buffer.join('');
    buffer = [];
    size = 0;
    await handle.write(text, null, 'utf8');
  };
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  const abort = async () => {
    await close().catch(() => {});
    await fs.promises.rm(tmp, { force: true }).catch(() => {});
  };
  return {
    async write(text) {
      buffer.push(text);
      size += text.length;
      if (size >= FLUSH_AT) await flush();
    },
    async commit() {
      try {
        await flush();
        await handle.sync();
        await close();
        await fs.promises.rename(tmp, target);
      } catch (err) {
        await abort();
        throw new SafekeepingError(`cannot write ${file} (${errnoOf(err)})`);
      }
    },
    abort,
  };
}

/** Run `write` into FILE: the file appears complete, or not at all. */
export async function writeFileAtomically<T>(file: string, write: (sink: TextSink) => Promise<T>): Promise<T> {
  const out = await openOutputFile(file);
  try {
    const result = await write(out);
    await out.commit();
    return result;
  } catch (err) {
    await out.abort();
    throw err;
  }
}
