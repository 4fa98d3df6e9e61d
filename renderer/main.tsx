import '@mantine/core/styles.css';
import { Alert, createTheme, MantineProvider, type CSSVariablesResolver } from '@mantine/core';
import { StrictMode, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import type { i18n } from 'i18next';
import { App } from './app/App';
import type { DeskDatabase } from './data/db';
import { DeskLockedError, openRecords, type OpenedRecords } from './data/records-at-rest';
import { prefetchFirstScreen } from './features/queue';
import { UnlockScreen } from './features/unlock';
import { changeLanguage, createI18n, initialLanguage, storedLanguage, type LanguageCode } from './i18n';
import { logThroughDesk } from './platform/desk-log';
import { createWebDesk, takeBrowserHostToken } from './platform/web-desk';
import { createLogger } from '../shared/logger';

const log = createLogger('main');

const theme = createTheme({ primaryColor: 'indigo', primaryShade: 8, defaultRadius: 'sm' });

// Mantine's default dimmed grey and error red are below WCAG AA contrast on white; secondary text
// and the messages beside form fields must stay legible. Indigo 9 on the light variant's hover
// (indigo 2, the current section under the pointer) is 4.1:1, so light text is a shade darker (5.0:1).
const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-indigo-light-color': '#2f44ad',
    // The same for the warnings' light variant (an alert's title): Mantine's orange and yellow on
    // their own tint are about 2.5:1; these are above 5:1.
    '--mantine-color-orange-light-color': '#9a3b0a',
    '--mantine-color-yellow-light-color': '#765400',
  },
  dark: {},
});

function Root(props: { i18n: i18n; language: LanguageCode; db: DeskDatabase; recordsReplaced: boolean }) {
  const [language, setLanguage] = useState(props.language);
  return (
    <StrictMode>
      <I18nextProvider i18n={props.i18n}>
        <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
          <App
            db={props.db}
            recordsReplaced={props.recordsReplaced}
            language={language}
            onLanguageChange={(next) => {
              changeLanguage(props.i18n, next, localStorage).then(
                () => setLanguage(next),
                (error: unknown) => log.warn('the language could not be changed', { language: next, error: String(error) }),
              );
            }}
          />
        </MantineProvider>
      </I18nextProvider>
    </StrictMode>
  );
}

/**
 * Opens the case records with the key the host hands over (decision 0038), and reads what the
 * first screen needs while the strings load (decision 0033). A locked desk answers DeskLockedError.
 */
function openFirstScreen(): Promise<OpenedRecords | Error> {
  return openRecords(window.desk).then(
    (opened) => {
      void prefetchFirstScreen(opened.db);
      opened.sealed.catch((error: unknown) => log.error('the case records stored before sealing could not all be sealed; the next start tries again', { error: String(error) }));
      return opened;
    },
    (error: unknown) => {
      if (error instanceof DeskLockedError) return error;
      log.error('the case records could not be opened', { error: String(error) });
      return error instanceof Error ? error : new Error(String(error));
    },
  );
}

// The composition root: the Electron preload has already put `window.desk` here; in the browser
// host it is the loopback client. Nothing below this file asks which.
async function start(): Promise<void> {
  if (!window.desk) {
    window.desk = createWebDesk(takeBrowserHostToken(location, sessionStorage, history));
  }
  logThroughDesk(window.desk, window);
  const language = initialLanguage(storedLanguage(localStorage), navigator.languages);
  // Asked for while the strings load.
  const records = openFirstScreen();
  const instance = await createI18n(language);
  // The language it could start in: English when the chosen one's strings could not be fetched.
  const started = instance.language === language ? language : 'en';
  const container = document.getElementById('root');
  if (!container) throw new Error('index.html has no #root element');
  document.documentElement.lang = started;
  const root = createRoot(container);
  const failed = (message: string) => root.render(<StartFailure i18n={instance} message={message} />);
  const show = async (opening: Promise<OpenedRecords | Error>, retried = false): Promise<void> => {
    const opened = await opening;
    if (opened instanceof DeskLockedError) {
      // The host could not open its key by itself: the window asks for the passphrase, then opens the records.
      const lock = await window.desk.invoke('app.lock', {});
      if (!lock.ok) return failed(lock.error.message);
      if (lock.value.status === 'open') return retried ? failed(opened.message) : show(openFirstScreen(), true);
      root.render(
        <Shell i18n={instance}>
          <UnlockScreen lock={lock.value} desk={window.desk} onOpen={() => void show(openFirstScreen(), true)} />
        </Shell>,
      );
      return;
    }
    if (opened instanceof Error) return failed(opened.message);
    root.render(<Root i18n={instance} language={started} db={opened.db} recordsReplaced={opened.replaced} />);
  };
  await show(records);
}

/** The providers a screen shown before the app needs: strings and theme. */
function Shell(props: { i18n: i18n; children: ReactNode }) {
  return (
    <StrictMode>
      <I18nextProvider i18n={props.i18n}>
        <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
          {props.children}
        </MantineProvider>
      </I18nextProvider>
    </StrictMode>
  );
}

/** What the window shows when the app cannot start: why, in the host's words (a page without its token says how to fix it). */
function StartFailure(props: { i18n: i18n; message: string }) {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <Alert role="alert" color="red" m="xl" title={props.i18n.t('app.recordsFailed')}>
        {props.message}
      </Alert>
    </MantineProvider>
  );
}

void start();
