import { z } from 'zod';
import { deskLockSchema } from './at-rest';

/** The levels a renderer may log at; the same as the shared logger's. */
const logLevels = ['info', 'warn', 'error'] as const;

/** How big one renderer log record may be; the renderer trims to these before it sends. */
export const logRecordLimits = { module: 64, message: 2_000, fields: 20, fieldName: 64, fieldText: 4_000 } as const;

/**
 * The host's own calls besides `app.info`: the renderer's log records, written to the same log
 * file as main's, and the log folder opened for the user where the host can.
 */
export const appCalls = {
  'app.log': {
    // Bounded: a renderer cannot grow the log faster than rotation keeps up with, or hide
    // control characters in a module name.
    request: z
      .object({
        level: z.enum(logLevels),
        module: z.string().regex(new RegExp(`^[\\w.-]{1,${logRecordLimits.module}}$`)),
        message: z.string().min(1).max(logRecordLimits.message),
        fields: z
          .record(z.string().max(logRecordLimits.fieldName), z.union([z.string().max(logRecordLimits.fieldText), z.number(), z.boolean(), z.null()]))
          .refine((fields) => Object.keys(fields).length <= logRecordLimits.fields, { message: `At most ${logRecordLimits.fields} fields` }),
      })
      .strict(),
    response: z.object({}),
  },
  /**
   * The key that seals case records in the renderer's IndexedDB (issue 22, decision 0038), derived
   * from the desk key, which never leaves the host. `key` is null only where the browser host was
   * started with DESK_PLAIN_RECORDS=1, for the benchmark that sets sealing against none.
   */
  'app.recordsKey': {
    request: z.object({}).strict(),
    response: z.object({
      /** Names the desk key the records key comes from (hex): records sealed under another cannot be read. */
      keyId: z.string().regex(/^[0-9a-f]{32}$/),
      /** 32 bytes, base64. */
      key: z.string().regex(/^[A-Za-z0-9+/]{43}=$/).nullable(),
    }),
  },
  /**
   * Adds a passphrase to this computer's desk key (replacing one it had), so the command-line
   * tools open the store with DESK_PASSPHRASE where the keychain cannot be reached. Refused with
   * the host's sentence when the passphrase is too short or too long, or the key does not open.
   */
  'app.setPassphrase': {
    request: z.object({ passphrase: z.string().min(1).max(4 * 1_024) }).strict(),
    response: z.discriminatedUnion('status', [
      z.object({ status: z.literal('set') }),
      z.object({ status: z.literal('refused'), code: z.string().max(64), message: z.string().max(2_000) }),
    ]),
  },
  /** Whether this desk's key is open (see `deskLockSchema`); asked before the records are opened. */
  'app.lock': {
    request: z.object({}).strict(),
    response: deskLockSchema,
  },
  /**
   * Opens a locked desk with its passphrase, or by asking the keychain again (`keychain`), or makes
   * its key where it has none yet: protected by the passphrase chosen, or kept in a key file when
   * `keyFile` is asked and the host allows it.
   * Refused with the host's sentence (a wrong passphrase changes nothing); answered `open` on a desk
   * already open.
   */
  'app.unlock': {
    request: z.union([
      z.object({ passphrase: z.string().min(1).max(4 * 1_024) }).strict(),
      z.object({ keyFile: z.literal(true) }).strict(),
      z.object({ keychain: z.literal(true) }).strict(),
    ]),
    response: z.discriminatedUnion('status', [
      z.object({ status: z.literal('open') }),
      z.object({ status: z.literal('refused'), code: z.string().max(64), message: z.string().max(2_000) }),
    ]),
  },
  'app.openLogFolder': {
    request: z.object({}).strict(),
    /** `opened` is false where the host cannot open a folder for the user (the browser host). */
    response: z.object({ opened: z.boolean(), logDir: z.string().min(1) }),
  },
} as const;
