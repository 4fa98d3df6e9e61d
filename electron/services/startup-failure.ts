/** What the error box says when the desktop app cannot start. */
export interface StartupFailureBox {
  title: string;
  message: string;
}

/**
 * The words for a start-up failure: what went wrong, what the user can do, and where the details
 * are. Known causes (the data folder in use by another Dispute Desk, a data folder that cannot be
 * written) get their own advice; anything else points to the log.
 */
export function startupFailureBox(error: unknown, context: { dataDir: string | null; logFile: string }): StartupFailureBox {
  const title = 'Dispute Desk could not start';
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
  const detail = error instanceof Error ? error.message : String(error);
  const where = context.dataDir ?? 'its data folder';
  switch (code) {
    case 'data_dir_in_use':
      return { title, message: `${detail}\n\nClose the other Dispute Desk window (or the browser host using ${where}) and start again.` };
    case 'data_dir_unwritable':
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return { title, message: `Dispute Desk may not write to ${where} (${detail}). Make the folder writable for your user account, then start again.\n\nDetails are in ${context.logFile}.` };
    case 'ENOSPC':
      return { title, message: `The disk holding ${where} is full (${detail}). Free some space, then start again.\n\nDetails are in ${context.logFile}.` };
    default:
      return { title, message: `${detail}\n\nStart Dispute Desk again. If this happens again, send ${context.logFile} to your team lead or IT support.` };
  }
}
