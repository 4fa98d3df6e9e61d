import '@mantine/core/styles.css';
import { Alert, createTheme, MantineProvider, type CSSVariablesResolver } from '@mantine/core';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import type { i18n } from 'i18next';
import { App } from './app/App';
import type { DeskDatabase } from './data/db';
import { openRecords } from './data/records-at-rest';
import { prefetchFirstScreen } from './features/queue';
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

// The composition root: the Electron preload has already put `window.desk` here; in the browser
// host it is the loopback client. Nothing below this file asks which.
async function start(): Promise<void> {
  if (!window.desk) {
    window.desk = createWebDesk(takeBrowserHostToken(location, sessionStorage, history));
  }
  logThroughDesk(window.desk, window);
  const language = initialLanguage(storedLanguage(localStorage), navigator.languages);
  // The records are sealed with a key the host hands over (decision 0038): asked for while the strings load.
  const records = openRecords(window.desk).then(
    (opened) => {
      // Read while the strings load, so the queue screen can paint it as soon as it mounts (decision 0033).
      void prefetchFirstScreen(opened.db);
      opened.sealed.catch((error: unknown) => log.error('the case records stored before sealing could not all be sealed; the next start tries again', { error: String(error) }));
      return opened;
    },
    (error: unknown) => {
      log.error('the case records could not be opened', { error: String(error) });
      return error instanceof Error ? error : new Error(String(error));
    },
  );
  const instance = await createI18n(language);
  // The language it could start in: English when the chosen one's strings could not be fetched.
  const started = instance.language === language ? language : 'en';
  const container = document.getElementById('root');
  if (!container) throw new Error('index.html has no #root element');
  document.documentElement.lang = started;
  const opened = await records;
  if (opened instanceof Error) {
    createRoot(container).render(<StartFailure i18n={instance} message={opened.message} />);
    return;
  }
  createRoot(container).render(<Root i18n={instance} language={started} db={opened.db} recordsReplaced={opened.replaced} />);
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
