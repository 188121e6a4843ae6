import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KyselyPlugin } from 'kysely';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cameraJpeg, NOT_IMAGES, twoTone } from '../../../test/fixtures/images/images.js';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { fixedClock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import { type ContentChange, ContentEvents } from '../../platform/events.js';
import { createMediaService } from './media.service.js';
import { createLocalDiskStorage, isSafeStorageKey, type MediaStorage } from './media.storage.js';
import { createMediaUploader, nameSlug, sanitiseOriginalName, type UploadInput } from './media.upload.js';

/** A storage in memory, recording calls, that can be told to fail on its n-th put. */
function memoryStorage(failOnPut?: number) {
  const files = new Map<string, { data: Buffer; mime: string }>();
  const calls: string[] = [];
  let puts = 0;
  const storage: MediaStorage = {
    async put(key, data, mime) {
      calls.push(`put ${key}`);
      if (++puts === failOnPut) throw new Error('disk full');
      files.set(key, { data, mime });
      return { url: `https://cdn.example.test/${key}` };
    },
    async delete(key) {
      calls.push(`delete ${key}`);
      files.delete(key);
    },
  };
  return { storage, files, calls };
}

const failInserts: KyselyPlugin = {
  transformQuery(args) {
    if (args.node.kind === 'InsertQueryNode') throw new Error('the database went away');
    return args.node;
  },
  transformResult: async (args) => args.result,
};

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, 'expected the upload to be refused').toBeInstanceOf(AppError);
  return err as AppError;
}

describe('createMediaUploader', () => {
  let database: TestDatabase;
  const clock = fixedClock('2024-03-29T15:00:00.000Z');
  const events = new ContentEvents();
  const changes: ContentChange[] = [];
  events.onChange((c) => changes.push(c));
  let small: Buffer;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    small = await twoTone('jpeg', 700, 500);
  });
  afterAll(() => database?.drop());

  const uploaderWith = (storage: MediaStorage, db = database.db) => createMediaUploader({ db, clock, events, storage, media: createMediaService(database.db, clock, events) });
  const mediaCount = async () => (await database.db.selectFrom('media').select('id').execute()).length;
  const input = (over: Partial<UploadInput> = {}): UploadInput => ({ data: small, originalName: 'Harbour at dawn.JPG', alt: 'Boats in the harbour at dawn', ...over });

  it('stores the original and variants under generated keys, records the row and announces it', async () => {
    const { storage, files } = memoryStorage();
    const before = changes.length;
    const image = await uploaderWith(storage).upload(input({ alt: '  Boats in the harbour at dawn  ', caption: ' The harbour. ', credit: ' Jane Doe ' }));

    expect(image).toMatchObject({ width: 700, height: 500, alt: 'Boats in the harbour at dawn', caption: 'The harbour.', credit: 'Jane Doe', mime: 'image/jpeg' });
    expect(image.url).toMatch(/^https:\/\/cdn\.example\.test\/uploads\/2024\/03\/[0-9a-f]{16}-harbour-at-dawn\.jpg$/);
    const stem = image.url.replace('https://cdn.example.test/', '').replace(/\.jpg$/, '');
    expect([...files.keys()].sort()).toEqual([`${stem}-320.webp`, `${stem}-640.webp`, `${stem}-700.webp`, `${stem}.jpg`].sort());
    expect(image.variants).toEqual([
      { url: `https://cdn.example.test/${stem}-320.webp`, key: `${stem}-320.webp`, width: 320, height: 229, mime: 'image/webp' },
      { url: `https://cdn.example.test/${stem}-640.webp`, key: `${stem}-640.webp`, width: 640, height: 457, mime: 'image/webp' },
      { url: `https://cdn.example.test/${stem}-700.webp`, key: `${stem}-700.webp`, width: 700, height: 500, mime: 'image/webp' },
      { url: image.url, key: `${stem}.jpg`, width: 700, height: 500, mime: 'image/jpeg' },
    ]);
    expect(files.get(`${stem}.jpg`)?.mime).toBe('image/jpeg');
    expect(files.get(`${stem}-320.webp`)?.mime).toBe('image/webp');

    const row = await database.db.selectFrom('media').selectAll().where('id', '=', image.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      url: image.url,
      mime: 'image/jpeg',
      width: 700,
      height: 500,
      bytes: files.get(`${stem}.jpg`)!.data.length,
      storage_key: `${stem}.jpg`,
      original_name: 'Harbour at dawn.JPG',
      created_at: '2024-03-29T15:00:00.000Z',
    });
    expect(JSON.parse(row.variants)).toEqual(image.variants);
    expect(image.bytes).toBe(row.bytes);
    expect(changes.slice(before)).toEqual([{ kind: 'media', id: image.id }]);
  });

  it('requires alt text and limits the lengths of alt, caption and credit, before processing or storing anything', async () => {
    const { storage, calls } = memoryStorage();
    const uploader = uploaderWith(storage);
    const before = await mediaCount();
    const cases: [Partial<UploadInput>, RegExp][] = [
      [{ alt: '' }, /Images need alt text/],
      [{ alt: '   \n ' }, /Images need alt text/],
      [{ alt: undefined as unknown as string }, /Images need alt text/],
      [{ alt: 'x'.repeat(501) }, /Alt text is limited to 500 characters \(this one has 501\)/],
      [{ caption: 'x'.repeat(1001) }, /caption is limited to 1000/],
      [{ credit: 'x'.repeat(201) }, /credit is limited to 200/],
      [{ credit: 42 as unknown as string }, /credit must be text/],
      // Even with data that is not an image: the description is checked first.
      [{ alt: '', data: NOT_IMAGES['HTML page']! }, /Images need alt text/],
    ];
    for (const [over, message] of cases) {
      const err = await refusal(uploader.upload(input(over)));
      expect(err.status, JSON.stringify(over).slice(0, 80)).toBe(422);
      expect(err.message).toMatch(message);
    }
    await expect(uploader.upload(input({ alt: 'é'.repeat(500), caption: 'c'.repeat(1000), credit: 'r'.repeat(200) }))).resolves.toBeTruthy();
    expect(calls.filter((c) => c.startsWith('put'))).toHaveLength(4);
    expect(await mediaCount()).toBe(before + 1);
  });

  it('refuses files that are not accepted images without storing anything', async () => {
    const { storage, calls } = memoryStorage();
    const uploader = uploaderWith(storage);
    expect(await refusal(uploader.upload(input({ data: NOT_IMAGES['Windows executable renamed photo.jpg']!, originalName: 'photo.jpg' })))).toMatchObject({ status: 415 });
    expect(await refusal(uploader.upload(input({ data: Buffer.alloc(0) })))).toMatchObject({ status: 415 });
    const tooBig = createMediaUploader({ db: database.db, clock, events, storage, media: createMediaService(database.db, clock, events), limits: { maxBytes: 1000 } });
    expect(tooBig.limits.maxBytes).toBe(1000);
    expect(await refusal(tooBig.upload(input()))).toMatchObject({ status: 413 });
    expect(calls).toEqual([]);
  });

  it('deletes what it stored when storing a later file fails, and records nothing', async () => {
    const { storage, files, calls } = memoryStorage(3);
    const before = await mediaCount();
    await expect(uploaderWith(storage).upload(input())).rejects.toThrow('disk full');
    expect(files.size).toBe(0);
    const puts = calls.filter((c) => c.startsWith('put'));
    expect(puts).toHaveLength(3);
    // The two files that were written, deleted again.
    expect(calls.filter((c) => c.startsWith('delete')).sort()).toEqual(
      puts
        .slice(0, 2)
        .map((c) => c.replace('put', 'delete'))
        .sort(),
    );
    expect(await mediaCount()).toBe(before);
  });

  it('deletes every file it stored when recording the row fails', async () => {
    const { storage, files, calls } = memoryStorage();
    const before = await mediaCount();
    await expect(uploaderWith(storage, database.db.withPlugin(failInserts)).upload(input())).rejects.toThrow('the database went away');
    expect(calls.filter((c) => c.startsWith('put'))).toHaveLength(4);
    expect(files.size).toBe(0);
    expect(await mediaCount()).toBe(before);
  });

  it('names keys from a cleaned-up file name, never trusting it', async () => {
    const { storage } = memoryStorage();
    const image = await uploaderWith(storage).upload(input({ originalName: '../../etc/passwd\u202Egpj.exe' }));
    expect(image.url).toMatch(/^https:\/\/cdn\.example\.test\/uploads\/2024\/03\/[0-9a-f]{16}-passwdgpj\.jpg$/);
    const row = await database.db.selectFrom('media').select('original_name').where('id', '=', image.id).executeTakeFirstOrThrow();
    expect(row.original_name).toBe('passwdgpj.exe');
  });
});

describe('file names', () => {
  it('records the last path segment, printable, at most 300 characters', () => {
    expect(sanitiseOriginalName('C:\\Users\\jane\\Pictures\\Harbour.jpg')).toBe('Harbour.jpg');
    expect(sanitiseOriginalName('/home/jane/a\u0000b\u0007c.png')).toBe('abc.png');
    expect(sanitiseOriginalName('  two   spaces\t\n.gif ')).toBe('two spaces.gif');
    expect(sanitiseOriginalName(undefined)).toBe('');
    expect(Array.from(sanitiseOriginalName('😀'.repeat(400)))).toHaveLength(300);
  });

  it('slugs the name for keys, with a stand-in when nothing is left', () => {
    expect(nameSlug('Harbour at Dawn (final).JPEG')).toBe('harbour-at-dawn-final');
    expect(nameSlug('Café Zoë.webp')).toBe('cafe-zoe');
    expect(nameSlug('写真.jpg')).toBe('image');
    expect(nameSlug('')).toBe('image');
    expect(nameSlug('untitled.png')).toBe('untitled');
    expect(nameSlug(`${'a'.repeat(59)}-b.jpg`)).toBe('a'.repeat(59));
  });
});

describe('local disk storage', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-media-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('writes under the root and answers the public URL', async () => {
    const storage = createLocalDiskStorage(root);
    const { url } = await storage.put('uploads/2024/03/abc-photo.jpg', Buffer.from('bytes'), 'image/jpeg');
    expect(url).toBe('/media/uploads/2024/03/abc-photo.jpg');
    expect(fs.readFileSync(path.join(root, 'uploads', '2024', '03', 'abc-photo.jpg'), 'utf8')).toBe('bytes');
    // Nothing but the file: the temporary name was renamed away.
    expect(fs.readdirSync(path.join(root, 'uploads', '2024', '03'))).toEqual(['abc-photo.jpg']);
    expect((await createLocalDiskStorage(root, 'https://img.example.test/media/').put('a.webp', Buffer.from('x'), 'image/webp')).url).toBe('https://img.example.test/media/a.webp');
  });

  it('deletes, and deleting what is not there is fine', async () => {
    const storage = createLocalDiskStorage(root);
    await storage.put('uploads/x.png', Buffer.from('x'), 'image/png');
    await storage.delete('uploads/x.png');
    expect(fs.existsSync(path.join(root, 'uploads', 'x.png'))).toBe(false);
    await expect(storage.delete('uploads/x.png')).resolves.toBeUndefined();
  });

  it('refuses keys that could leave the root or hide files', async () => {
    const storage = createLocalDiskStorage(root);
    const bad = [
      '../escape.jpg',
      'uploads/../../escape.jpg',
      '/etc/passwd',
      'uploads//a.jpg',
      '.hidden.jpg',
      'uploads/.x/a.jpg',
      'Upper.jpg',
      'a\\b.jpg',
      'a b.jpg',
      '',
      'x'.repeat(501),
      'uploads/a.jpg/',
    ];
    for (const key of bad) {
      expect(isSafeStorageKey(key), key).toBe(false);
      await expect(storage.put(key, Buffer.from('x'), 'image/jpeg'), key).rejects.toThrow(/unsafe media storage key/);
      await expect(storage.delete(key), key).rejects.toThrow(/unsafe media storage key/);
    }
    expect(isSafeStorageKey('uploads/2024/03/0123456789abcdef-harbour-at-dawn-1280.webp')).toBe(true);
    expect(fs.readdirSync(root)).toEqual([]);
  });

  it('leaves no temporary file behind when a write fails', async () => {
    const storage = createLocalDiskStorage(root);
    // A directory where the file should go makes the rename fail.
    fs.mkdirSync(path.join(root, 'uploads', 'taken.jpg'), { recursive: true });
    fs.writeFileSync(path.join(root, 'uploads', 'taken.jpg', 'inside'), 'x');
    await expect(storage.put('uploads/taken.jpg', Buffer.from('x'), 'image/jpeg')).rejects.toThrow();
    expect(fs.readdirSync(path.join(root, 'uploads'))).toEqual(['taken.jpg']);
  });

  it('stores an uploaded camera photo without its EXIF or GPS', async () => {
    const db = await createTestDatabase('sqlite');
    try {
      const clock = fixedClock('2024-11-05T10:00:00.000Z');
      const events = new ContentEvents();
      const storage = createLocalDiskStorage(root);
      const uploader = createMediaUploader({ db: db.db, clock, events, storage, media: createMediaService(db.db, clock, events) });
      const image = await uploader.upload({ data: await cameraJpeg(3000, 2000), originalName: 'IMG_0001.JPG', alt: 'A camera test' });
      expect([image.width, image.height]).toEqual([2000, 3000]);
      expect(image.variants.map((v) => `${v.mime} ${v.width}x${v.height}`)).toEqual([
        'image/webp 320x480',
        'image/webp 640x960',
        'image/webp 960x1440',
        'image/webp 1280x1920',
        'image/webp 1920x2880',
        'image/jpeg 1280x1920',
      ]);
      const dir = path.join(root, 'uploads', '2024', '11');
      const stored = fs.readdirSync(dir);
      expect(stored).toHaveLength(7);
      for (const name of stored) {
        expect(name).toMatch(/^[0-9a-f]{16}-img-0001(-\d+)?\.(jpg|webp)$/);
        const meta = await sharp(path.join(dir, name)).metadata();
        expect(meta.exif, name).toBeUndefined();
        expect(meta.xmp, name).toBeUndefined();
        expect(meta.orientation, name).toBeUndefined();
      }
    } finally {
      await db.drop();
    }
  }, 60_000);
});
