import { createLogger, type Logger } from '../../shared/logger';
import type { DeskHandlers } from './desk-dispatch';

/** Renderer modules get a logger each up to this many; any further share one, so names cannot grow memory. */
const maxRendererModules = 64;

/** What the app calls need from the host that wires them. */
export interface AppHandlerContext {
  /** The folder the log file is in. */
  logDir: string;
  /** Opens a folder in the system's file manager; absent where the host cannot (the browser host). */
  openFolder?: (dir: string) => Promise<boolean>;
}

/**
 * The renderer's log records and the log folder. Each renderer module gets its own logger named
 * `renderer.<module>`, so a line in the file says which side wrote it.
 */
export function createAppHandlers(context: AppHandlerContext): Pick<DeskHandlers, 'app.log' | 'app.openLogFolder'> {
  const loggers = new Map<string, Logger>();
  const loggerOf = (module: string) => {
    const name = loggers.has(module) || loggers.size < maxRendererModules ? module : 'other';
    let logger = loggers.get(name);
    if (!logger) {
      logger = createLogger(`renderer.${name}`);
      loggers.set(name, logger);
    }
    return logger;
  };
  return {
    'app.log': async ({ level, module, message, fields }) => {
      loggerOf(module)[level](message, fields);
      return {};
    },
    'app.openLogFolder': async () => ({
      opened: context.openFolder ? await context.openFolder(context.logDir) : false,
      logDir: context.logDir,
    }),
  };
}
