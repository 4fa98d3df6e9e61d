// Case records sealed at rest in IndexedDB (issue 22, decision 0038). A Dexie DBCore middleware,
// below every other, seals each record as it is written and opens it as it is read, so no feature
// knows: every field an index or a key names stays in the clear (IndexedDB must read it to
// index), every other field goes into one AES-256-GCM box, `$sealed`. The box's associated data is
// the table's name and the record's clear fields, so a box moved to another record, or an index
// field changed on disk, fails to open.
//
// Synchronous on purpose: an IndexedDB transaction commits as soon as its code awaits anything but
// IndexedDB, and WebCrypto only answers with a promise. Sealing inside the transaction, where the
// record is written, needs a cipher that answers at once: @noble/ciphers' AES-GCM (audited, no
// dependencies).
import { gcm } from '@noble/ciphers/aes.js';
import type { DBCore, DBCoreCursor, DBCoreMutateRequest, DBCoreTable, DBCoreTableSchema, Middleware } from 'dexie';

/** The field holding a sealed record's box: nonce (12 bytes), then ciphertext and tag. */
export const sealedField = '$sealed';

const nonceBytes = 12;

/** Why a stored record could not be opened: another desk key sealed it, or it was changed on disk. */
export class SealedRecordError extends Error {
  readonly code = 'records_unreadable';

  constructor(
    readonly table: string,
    options?: ErrorOptions,
  ) {
    super(`A record in ${table} could not be opened with this computer's key: it was sealed with another key, or changed on disk.`, options);
    this.name = 'SealedRecordError';
  }
}

/** Whether `error` (as Dexie hands it on) says a record could not be opened. */
export function isUnreadableRecord(error: unknown): boolean {
  for (let cause: unknown = error; cause instanceof Error; cause = (cause as Error & { inner?: unknown }).inner ?? cause.cause) {
    if (cause instanceof SealedRecordError) return true;
  }
  return false;
}

/** What seals this desk's records: its key, and the desk key's id it came from. */
export interface RecordsKey {
  keyId: string;
  key: Uint8Array;
}

// An `undefined` inside an array (a paged table's column where an entry lacks the field) survives
// the JSON inside the box as this object, and comes back as `undefined`.
const undefinedMark = '\u0000undefined';

function refuseUnfaithful(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (raw instanceof Date || ArrayBuffer.isView(raw) || raw instanceof ArrayBuffer || raw instanceof Map || raw instanceof Set) {
    // Fails the write, loudly: JSON would quietly store a different value.
    throw new TypeError(`A sealed record cannot hold a ${Object.prototype.toString.call(raw)} (field "${key}"): store plain JSON values.`);
  }
  if (value === undefined && Array.isArray(this)) return { [undefinedMark]: 1 };
  return value;
}

function restoreUndefined(_key: string, value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let at = 0; at < value.length; at += 1) {
      const item: unknown = value[at];
      if (item !== null && typeof item === 'object' && undefinedMark in item) value[at] = undefined;
    }
  }
  return value;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function isBytes(value: unknown): value is Uint8Array {
  return ArrayBuffer.isView(value) && Object.prototype.toString.call(value) === '[object Uint8Array]';
}

/** Which fields of a table's records stay in the clear, and the key IndexedDB generates, if it does. */
interface ClearFields {
  fields: Set<string>;
  generated: string | undefined;
}

/** The top-level fields a table's key and indexes read (key paths as IndexedDB gives them): they stay in the clear. */
function clearFieldsOf(keyPaths: (string | string[] | null)[], generated: string | undefined): ClearFields {
  const fields = new Set<string>();
  for (const keyPath of keyPaths) {
    const paths = keyPath === null ? [] : Array.isArray(keyPath) ? keyPath : [keyPath];
    for (const path of paths) fields.add(path.split('.')[0]!);
  }
  return { fields, generated };
}

function schemaClearFields(schema: DBCoreTableSchema): ClearFields {
  const primary = schema.primaryKey;
  const generated = primary.autoIncrement && typeof primary.keyPath === 'string' ? primary.keyPath : undefined;
  return clearFieldsOf([primary, ...schema.indexes].map((index) => index.keyPath), generated);
}

/**
 * What one database's sealing knows beyond its key: whether records written before sealing (no
 * box) are still read as they are, and which tables read a record that does not open as its
 * clear fields alone rather than failing.
 */
export class RecordsSeal {
  #plainAccepted = true;
  readonly #tables = new Map<string, TableSeal>();
  /** Boxes made ahead with WebCrypto for values about to be written, by the very object (see `prepare`). */
  readonly #prepared = new WeakMap<object, { plain: string; associated: string; box: Uint8Array }>();
  #webKey: Promise<CryptoKey> | undefined;

  constructor(
    readonly key: Uint8Array,
    /** The outbox: its guard holds a change it cannot read as altered, unsent (outbox-guard.ts), so the changes after it still go. */
    readonly damagedAsClear: ReadonlySet<string> = new Set(),
  ) {
    if (key.length !== 32) throw new RangeError(`A records key is 32 bytes, not ${key.length}.`);
  }

  /** Whether a record with no box is read as it is: only until every older record has been sealed. */
  get plainAccepted(): boolean {
    return this.#plainAccepted;
  }

  /** From now on a record with no box was written outside the app, and is treated as damaged. */
  refusePlain(): void {
    this.#plainAccepted = false;
  }

  /**
   * A seal for table `name` by the rule its key and indexes give now; the latest made for a name
   * is the one `prepare` seals with. Made again for each schema Dexie builds its stack for (an
   * upgrade's, then the opened one), so a version that indexes a field seals by the new rule.
   */
  tableSeal(name: string, clear: ClearFields): TableSeal {
    const seal = new TableSeal(this, name, clear);
    this.#tables.set(name, seal);
    return seal;
  }

  /**
   * Seals `values`, about to be written to `table`, ahead of the transaction that writes them,
   * with WebCrypto (native, many times the synchronous cipher's speed), which a transaction cannot
   * wait for. The middleware then takes each box for its very object, as long as the object still
   * seals to the same content; anything else it seals itself. For bulk writes: a pull's disputes.
   */
  async prepare(table: string, values: readonly object[]): Promise<void> {
    const seal = this.#tables.get(table);
    if (seal === undefined || globalThis.crypto?.subtle === undefined) return;
    this.#webKey ??= crypto.subtle.importKey('raw', new Uint8Array(this.key), 'AES-GCM', false, ['encrypt']);
    const key = await this.#webKey;
    await Promise.all(
      values.map(async (value) => {
        const { plain, associated } = seal.parts(value);
        const nonce = crypto.getRandomValues(new Uint8Array(nonceBytes));
        const boxed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: encoder.encode(associated) }, key, encoder.encode(plain));
        this.#prepared.set(value, { plain, associated, box: boxOf(nonce, new Uint8Array(boxed)) });
      }),
    );
  }

  /** The box made ahead for `value`, if it seals the same content; taken once. */
  takePrepared(value: object, plain: string, associated: string): Uint8Array | undefined {
    const prepared = this.#prepared.get(value);
    if (prepared === undefined) return undefined;
    this.#prepared.delete(value);
    return prepared.plain === plain && prepared.associated === associated ? prepared.box : undefined;
  }
}

/** Nonce, then ciphertext and tag: a record's box. */
function boxOf(nonce: Uint8Array, boxed: Uint8Array): Uint8Array {
  const box = new Uint8Array(nonceBytes + boxed.length);
  box.set(nonce);
  box.set(boxed, nonceBytes);
  return box;
}

/** Seals and opens the records of one table. */
class TableSeal {
  readonly #clear: Set<string>;
  /** A key IndexedDB generates is not known when the record is sealed: it is left out of the associated data. */
  readonly #generated: string | undefined;

  constructor(
    private readonly seals: RecordsSeal,
    private readonly table: string,
    clear: ClearFields,
  ) {
    this.#clear = clear.fields;
    this.#generated = clear.generated;
  }

  #associated(clear: Record<string, unknown>): string {
    const named = Object.keys(clear)
      .filter((field) => field !== this.#generated && field !== sealedField)
      .sort()
      .map((field) => [field, clear[field]]);
    return JSON.stringify([this.table, named]);
  }

  /** What a box of `value` is made of: its clear fields, the JSON it seals, and its associated data. */
  parts(value: object): { clear: Record<string, unknown>; plain: string; associated: string } {
    const clear: Record<string, unknown> = {};
    const hidden: Record<string, unknown> = {};
    for (const [field, item] of Object.entries(value)) {
      if (this.#clear.has(field)) clear[field] = item;
      else hidden[field] = item;
    }
    return { clear, plain: JSON.stringify(hidden, refuseUnfaithful), associated: this.#associated(clear) };
  }

  seal(value: unknown): unknown {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const { clear, plain, associated } = this.parts(value);
    let box = this.seals.takePrepared(value, plain, associated);
    if (box === undefined) {
      const nonce = crypto.getRandomValues(new Uint8Array(nonceBytes));
      box = boxOf(nonce, gcm(this.seals.key, nonce, encoder.encode(associated)).encrypt(encoder.encode(plain)));
    }
    clear[sealedField] = box;
    return clear;
  }

  /** The record as it was written; one written before sealing (no box) as it is, while that is accepted. */
  open(stored: unknown): unknown {
    if (stored === null || typeof stored !== 'object') return stored;
    if (!(sealedField in stored)) return this.seals.plainAccepted ? stored : this.#damaged(stored, new TypeError('a record with no box'));
    const { [sealedField]: box, ...clear } = stored as Record<string, unknown>;
    let hidden: Record<string, unknown>;
    try {
      // Told by its tag, not `instanceof`: a record read back may come from another realm's Uint8Array.
      if (!isBytes(box) || box.length <= nonceBytes) throw new TypeError('the box is not bytes');
      const plain = gcm(this.seals.key, box.subarray(0, nonceBytes), encoder.encode(this.#associated(clear))).decrypt(box.subarray(nonceBytes));
      hidden = JSON.parse(decoder.decode(plain), restoreUndefined) as Record<string, unknown>;
    } catch (error) {
      return this.#damaged(stored, error);
    }
    return { ...clear, ...hidden };
  }

  /** A record that does not open: its key and indexed fields alone where the table allows, else a SealedRecordError. */
  #damaged(stored: object, cause: unknown): Record<string, unknown> {
    if (!this.seals.damagedAsClear.has(this.table)) throw new SealedRecordError(this.table, { cause });
    const clear: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(stored)) if (this.#clear.has(field)) clear[field] = value;
    return clear;
  }
}

/** A cursor whose value is opened, once per position. */
function openingCursor(cursor: DBCoreCursor, seal: TableSeal): DBCoreCursor {
  let openedFrom: unknown;
  let opened: unknown;
  // IDBCursor's own getters refuse another `this`: each is read from the cursor itself.
  return Object.create(cursor, {
    key: { get: () => cursor.key },
    primaryKey: { get: () => cursor.primaryKey },
    value: {
      get: () => {
        const raw: unknown = cursor.value;
        if (raw !== openedFrom) {
          openedFrom = raw;
          opened = seal.open(raw);
        }
        return opened;
      },
    },
  }) as DBCoreCursor;
}

function sealedTable(table: DBCoreTable, seal: TableSeal): DBCoreTable {
  // `.then` on what the table below answers, never `async`: Dexie's promises carry the transaction
  // a hook or a modify goes on in, and a native promise in between loses it.
  return {
    ...table,
    mutate: (request: DBCoreMutateRequest) =>
      request.type === 'add' || request.type === 'put' ? table.mutate({ ...request, values: request.values.map((value) => seal.seal(value)) }) : table.mutate(request),
    get: (request) => table.get(request).then((value) => seal.open(value)),
    getMany: (request) => table.getMany(request).then((values) => values.map((value) => seal.open(value))),
    query: (request) =>
      table.query(request).then((answer) => (request.values ? { ...answer, result: answer.result.map((value) => seal.open(value)) } : answer)),
    openCursor: (request) => table.openCursor(request).then((cursor) => (cursor && request.values !== false ? openingCursor(cursor, seal) : cursor)),
  };
}

/**
 * The middleware that seals every table's records as `seals` says. Registered below Dexie's own
 * middlewares (level -10), so their caches, hooks and live queries see records as written.
 */
export function sealingMiddleware(seals: RecordsSeal): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'SealedRecords',
    level: -10,
    create: (down) => {
      // Every table's seal at once, by this schema, so `prepare` finds a table before its first write.
      const tables = new Map(down.schema.tables.map((schema) => [schema.name, seals.tableSeal(schema.name, schemaClearFields(schema))]));
      return {
        ...down,
        table: (name) => {
          const table = down.table(name);
          let seal = tables.get(name);
          if (seal === undefined) {
            seal = seals.tableSeal(name, schemaClearFields(table.schema));
            tables.set(name, seal);
          }
          return sealedTable(table, seal);
        },
      };
    },
  };
}

/**
 * Opens records of `store` read straight from IndexedDB, outside Dexie (a verification worker
 * reading the audit log's pages): the same rule, from the store's own key path and indexes.
 */
export function storeOpener(key: Uint8Array, store: IDBObjectStore, refusePlain: boolean): (stored: unknown) => unknown {
  const keyPaths = [store.keyPath, ...Array.from(store.indexNames, (name) => store.index(name).keyPath)];
  const generated = store.autoIncrement && typeof store.keyPath === 'string' ? store.keyPath : undefined;
  const seals = new RecordsSeal(key);
  if (refusePlain) seals.refusePlain();
  const seal = seals.tableSeal(store.name, clearFieldsOf(keyPaths, generated));
  return (stored) => seal.open(stored);
}

/** The records key as the desk API hands it over (base64), or null where records are kept plain. */
export function recordsKeyOf(answer: { keyId: string; key: string | null }): RecordsKey | null {
  if (answer.key === null) return null;
  const key = Uint8Array.from(atob(answer.key), (char) => char.charCodeAt(0));
  return { keyId: answer.keyId, key };
}
