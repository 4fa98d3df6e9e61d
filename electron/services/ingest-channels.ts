import { deskFailure, type DeskResult } from '../../shared/contract/errors';
import { createLogger } from '../../shared/logger';
import { dispatchDeskCall, type DeskHandlers } from './desk-dispatch';

const log = createLogger('ingest-channels');

/**
 * The desk calls that read files by a path they name. In the Electron host the page's general
 * `invoke` may not make them: a path there would be the page's word, not the user's choice.
 */
const pathCalls: ReadonlySet<unknown> = new Set(['evidence.ingest']);

/**
 * Answers a desk call the page made through `window.desk.invoke` in the Electron host: every
 * call but the ones that name paths, which are refused (`forbidden`) and logged. Files the user
 * dropped or picked come through `answerUserFiles`; a folder through `evidence.chooseFolder`,
 * whose dialog main shows.
 */
export async function answerPageCall(handlers: DeskHandlers, name: unknown, payload: unknown): Promise<DeskResult<unknown>> {
  if (pathCalls.has(name)) {
    const paths = (payload as { paths?: unknown } | null | undefined)?.paths;
    log.warn('refused a desk call that names paths from the page', { call: String(name), paths: Array.isArray(paths) ? paths.length : null });
    return deskFailure(
      'forbidden',
      'In the desktop app files come in only when you drop them, choose them, or choose a folder with "Choose folder…"; a path named by the page is not read.',
    );
  }
  return dispatchDeskCall(handlers, name, payload);
}

/**
 * Answers the preload's user-files channel: the paths `webUtils.getPathForFile` gave for files
 * the user dropped or picked, checked like any `evidence.ingest` request.
 */
export async function answerUserFiles(handlers: DeskHandlers, payload: unknown): Promise<DeskResult<unknown>> {
  return dispatchDeskCall(handlers, 'evidence.ingest', payload);
}

/** What Electron's `dialog.showOpenDialog` answered. */
export interface OpenDialogAnswer {
  canceled: boolean;
  filePaths: string[];
}

/** The folder the user chose in the open dialog, or null when they cancelled. */
export function chosenFolder(answer: OpenDialogAnswer): string | null {
  return answer.canceled ? null : (answer.filePaths[0] ?? null);
}
