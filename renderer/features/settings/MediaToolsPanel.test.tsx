import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { MediaTools } from '../../../shared/contract/media-tools';
import { createI18n, type LanguageCode } from '../../i18n';
import { MediaToolsPanel } from './MediaToolsPanel';

async function wrap(children: ReactNode, language: LanguageCode = 'en') {
  const i18n = await createI18n(language);
  return (
    <I18nextProvider i18n={i18n}>
      <MantineProvider>{children}</MantineProvider>
    </I18nextProvider>
  );
}

const bundledFfmpeg = '/opt/Dispute Desk/resources/app.asar.unpacked/node_modules/@ffmpeg-installer/linux-x64/ffmpeg';

const mixed: MediaTools = {
  ffmpeg: { path: bundledFfmpeg, version: 'N-47683-g0e8eb07980-static', source: 'bundled' },
  ffprobe: { missing: { code: 'not_executable', message: '/x/ffprobe may not be run (EACCES).', path: '/x/ffprobe' } },
};

describe('MediaToolsPanel', () => {
  it('shows the program, version and origin of a tool in use, and why another is missing and what that costs', async () => {
    render(await wrap(<MediaToolsPanel mediaTools={mixed} />));
    const ffmpeg = screen.getByRole('group', { name: 'ffmpeg' });
    expect(within(ffmpeg).getByText(bundledFfmpeg)).toBeInTheDocument();
    expect(within(ffmpeg).getByText('N-47683-g0e8eb07980-static')).toBeInTheDocument();
    expect(within(ffmpeg).getByText('Comes with the app')).toBeInTheDocument();
    const ffprobe = screen.getByRole('group', { name: 'ffprobe' });
    expect(within(ffprobe).getByText('Not available: /x/ffprobe may not be run. Allow it to be executed, or reinstall the app.')).toBeInTheDocument();
    expect(within(ffprobe).getByText('Without it, only MP4 and MOV videos are read, and their editing software is not checked.')).toBeInTheDocument();
  });

  it('says a tool came from the PATH, or was found nowhere, in Simplified Chinese', async () => {
    const tools: MediaTools = {
      ffmpeg: { path: '/usr/bin/ffmpeg', version: '5.1.9', source: 'path' },
      ffprobe: { missing: { code: 'not_found', message: 'No ffprobe comes with the app.', path: null } },
    };
    render(await wrap(<MediaToolsPanel mediaTools={tools} />, 'zh-CN'));
    expect(screen.getByRole('heading', { name: '媒体工具' })).toBeInTheDocument();
    expect(within(screen.getByRole('group', { name: 'ffmpeg' })).getByText('来自系统 PATH')).toBeInTheDocument();
    expect(within(screen.getByRole('group', { name: 'ffprobe' })).getByText('不可用：应用没有为这台电脑附带该程序，PATH 中也找不到。')).toBeInTheDocument();
  });

  it('waits for the host before saying anything about the tools', async () => {
    render(await wrap(<MediaToolsPanel mediaTools={undefined} />));
    expect(screen.getByText('Loading…')).toBeInTheDocument();
    expect(screen.queryByRole('group')).toBeNull();
  });
});
