import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { DeskApi } from '../../shared/contract/calls';
import { DeskDatabase } from '../data/db';
import { createI18n } from '../i18n';
import { App } from './App';

const mediaTools = {
  ffmpeg: { path: '/opt/desk/ffmpeg', version: '7.1', source: 'bundled' },
  ffprobe: { path: '/opt/desk/ffprobe', version: '7.1', source: 'bundled' },
} as const;
const atRest = { protection: 'key-file', backend: null, made: false, unusableKeychain: null, setAside: null } as const;

/** A host that answers `app.info` with `result` and knows no other call. */
function deskAnswering(result: Awaited<ReturnType<DeskApi['invoke']>>): DeskApi {
  const invoke = async (name: string) => (name === 'app.info' ? result : { ok: false, error: { code: 'unknown_call', message: `No ${name} here.` } });
  return { invoke, ingestFiles: async () => result } as unknown as DeskApi;
}

async function renderApp(desk: DeskApi, language: 'en' | 'zh-CN' = 'en') {
  window.desk = desk;
  const i18n = await createI18n(language);
  render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider>
        <App db={new DeskDatabase(`test-${crypto.randomUUID()}`)} language={language} onLanguageChange={() => {}} />
      </MantineProvider>
    </I18nextProvider>,
  );
}

describe('App shell', () => {
  it('asks for the case service first when none is known, with the host in the status bar', async () => {
    await renderApp(deskAnswering({ ok: true, value: { version: '0.1.0', host: 'electron', dataDir: '/d', serviceUrl: null, logDir: '/d/logs', canOpenFolders: false, canChooseFolders: false, mediaTools, atRest } }));
    expect(await screen.findByRole('heading', { name: "Connect to your team's case service" })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /Case service address/ })).toHaveValue('');
    expect(await screen.findByText('Desktop app')).toBeInTheDocument();
  });

  it('asks to sign in when a case service is configured and nobody is signed in', async () => {
    await renderApp(deskAnswering({ ok: true, value: { version: '0.1.0', host: 'browser', dataDir: '/d', serviceUrl: 'http://127.0.0.1:4000', logDir: '/d/logs', canOpenFolders: false, canChooseFolders: false, mediaTools, atRest } }));
    expect(await screen.findByRole('button', { name: 'Sign in' }, { timeout: 8000 } /* a fresh store with the per-user tables opens slowly on a loaded machine */)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findAllByText('Required')).toHaveLength(2);
  });

  it('moves between sections from the navigation', async () => {
    await renderApp(deskAnswering({ ok: true, value: { version: '0.1.0', host: 'browser', dataDir: '/data/desk', serviceUrl: 'http://127.0.0.1:4000', logDir: '/data/desk/logs', canOpenFolders: false, canChooseFolders: false, mediaTools, atRest } }));
    // Nobody is signed in, so no team lead: the audit is not offered.
    expect(screen.queryByRole('button', { name: 'Audit' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Compare' }));
    expect(screen.getByRole('button', { name: 'Compare' })).toHaveAttribute('aria-current', 'page');
    await userEvent.click(screen.getByRole('button', { name: 'Settings' }));
    expect(await screen.findByText('/data/desk')).toBeInTheDocument();
  });

  it('shows the host error in the status bar instead of failing quietly', async () => {
    await renderApp(deskAnswering({ ok: false, error: { code: 'host_unavailable', message: 'Dispute Desk is not answering.' } }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Dispute Desk is not answering.');
  });

  it('speaks Simplified Chinese', async () => {
    await renderApp(deskAnswering({ ok: true, value: { version: '0.1.0', host: 'browser', dataDir: '/d', serviceUrl: null, logDir: '/d/logs', canOpenFolders: false, canChooseFolders: false, mediaTools, atRest } }), 'zh-CN');
    expect(screen.getByRole('button', { name: '队列' })).toBeInTheDocument();
    expect(await screen.findByText('浏览器宿主')).toBeInTheDocument();
  });
});
