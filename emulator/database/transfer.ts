/**
 * Export and import as an operator moves data: one `<collection>.json` file
 * per collection, JSON Lines of relaxed EJSON documents (dates as
 * `{"$date":"2024-01-01T00:00:00.000Z"}`), which is also the form the WeChat
 * cloud console imports and exports.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { EJSON } from 'bson';
import { isPlainObject, toRelaxedEJSON, type Document } from './ejson';
import { assertUniqueKeys } from './indexes';
import { generateId } from './operations';
import type { Store } from './store';

const EXTENSION = '.json';

export async function exportCollections(store: Store, dir: string): Promise<string[]> {
  await fs.mkdir(dir, { recursive: true });
  const names = store.collectionNames();
  for (const name of names) {
    const lines = store.documents(name).map((doc) => toRelaxedEJSON(doc) + '\n');
    await fs.writeFile(path.join(dir, name + EXTENSION), lines.join(''));
  }
  return names;
}

/** Replaces each collection that has a file in `dir`, each at once; the others stay as they are. */
export async function importCollections(store: Store, dir: string): Promise<string[]> {
  const files = (await fs.readdir(dir)).filter((file) => file.endsWith(EXTENSION)).sort();
  const parsed: { name: string; docs: Document[] }[] = [];
  // read and check everything before replacing anything
  for (const file of files) {
    const name = file.slice(0, -EXTENSION.length);
    const text = await fs.readFile(path.join(dir, file), 'utf8');
    const docs = text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0)
      .map((line, index) => {
        let doc: unknown;
        try {
          doc = EJSON.parse(line, { relaxed: true });
        } catch (error) {
          throw new Error(`${file}: line ${index + 1} is not EJSON: ${(error as Error).message}`, { cause: error });
        }
        if (!isPlainObject(doc)) throw new Error(`${file}: line ${index + 1} is not a document`);
        return doc._id === undefined || doc._id === null ? { _id: generateId(), ...doc } : doc;
      });
    const ids = new Set<string>();
    for (const doc of docs) {
      if (ids.has(String(doc._id))) throw new Error(`${file}: _id ${String(doc._id)} appears twice`);
      ids.add(String(doc._id));
    }
    assertUniqueKeys(name, store.uniqueIndexes(name), [], docs);
    parsed.push({ name, docs });
  }
  for (const { name, docs } of parsed) await store.replaceCollection(name, docs);
  return parsed.map(({ name }) => name);
}
