import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it, vi } from 'vitest';
import type { DeskApi } from '../../../shared/contract/calls';
import { createI18n } from '../../i18n';
import { EvidenceLinksForm } from './EvidenceLinksForm';
import { parseLinkHosts } from './link-hosts';

describe('parseLinkHosts', () => {
  it('folds hosts to lower case without a leading dot, once each, skipping blank lines', () => {
    expect(parseLinkHosts(' Dropbox.com \n\n.files.example.org\ndropbox.com\n')).toEqual({ ok: true, hosts: ['dropbox.com', 'files.example.org'] });
    expect(parseLinkHosts('')).toEqual({ ok: true, hosts: [] });
  });

  it('names the first line that is not a host of two labels or more', () => {
    for (const line of ['https://dropbox.com', 'dropbox.com/share', 'com', 'bad_host.example', '-x.example', 'a b.example']) {
      expect(parseLinkHosts(`box.com\n${line}`)).toEqual({ ok: false, problem: { key: 'settings.links.notHost', line } });
    }
  });

  it('refuses more hosts than the host keeps', () => {
    const many = Array.from({ length: 201 }, (_, i) => `h${i}.example`).join('\n');
    expect(parseLinkHosts(many)).toEqual({ ok: false, problem: { key: 'settings.links.tooMany', line: '200' } });
  });
});

describe('EvidenceLinksForm', () => {
  async function renderForm(update: (hosts: string[]) => Awaited<ReturnType<DeskApi['invoke']>>) {
    const invoke = vi.fn(async (name: string, request: { linkHosts?: string[] }) =>
      name === 'settings.get' ? { ok: true, value: { linkHosts: ['dropbox.com'] } } : update(request.linkHosts ?? []),
    );
    window.desk = { invoke } as unknown as DeskApi;
    const i18n = await createI18n('en');
    render(
      <I18nextProvider i18n={i18n}>
        <MantineProvider>
          <EvidenceLinksForm />
        </MantineProvider>
      </I18nextProvider>,
    );
    return invoke;
  }

  it('keeps what was typed, and says why, when the host cannot save it', async () => {
    const invoke = await renderForm(() => ({ ok: false, error: { code: 'internal', message: 'EACCES: permission denied, open settings.json.tmp' } }));
    const field = await screen.findByRole('textbox', { name: 'File-sharing hosts' });
    expect(field).toHaveValue('dropbox.com');
    await userEvent.type(field, '\nfiles.example.org');
    await userEvent.click(screen.getByRole('button', { name: 'Save hosts' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The hosts were not savedEACCES: permission denied');
    expect(field).toHaveValue('dropbox.com\nfiles.example.org');
    expect(invoke).toHaveBeenCalledWith('settings.update', { linkHosts: ['dropbox.com', 'files.example.org'] });
  });

  it('does not send a list with a line that is not a host', async () => {
    const invoke = await renderForm((hosts) => ({ ok: true, value: { linkHosts: hosts, evidenceSpaceLimitBytes: 20 * 1024 ** 3 } }));
    const field = await screen.findByRole('textbox', { name: 'File-sharing hosts' });
    await userEvent.type(field, '\nhttps://x.example/y');
    await userEvent.click(screen.getByRole('button', { name: 'Save hosts' }));
    expect(await screen.findByText(/"https:\/\/x\.example\/y" is not a host name/)).toBeInTheDocument();
    expect(invoke).not.toHaveBeenCalledWith('settings.update', expect.anything());
  });

  it('says plainly that an empty list refuses every link', async () => {
    await renderForm((hosts) => ({ ok: true, value: { linkHosts: hosts, evidenceSpaceLimitBytes: 20 * 1024 ** 3 } }));
    await userEvent.clear(await screen.findByRole('textbox', { name: 'File-sharing hosts' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save hosts' }));
    expect(await screen.findByRole('status')).toHaveTextContent('no links are accepted now; every evidence link will be refused');
  });
});
