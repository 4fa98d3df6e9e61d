import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { EvidenceFlag } from '../../shared/domain/evidence-checks';
import { createI18n, type LanguageCode } from '../i18n';
import { EvidenceFlags } from './EvidenceFlags';

async function wrap(children: ReactNode, language: LanguageCode = 'en') {
  const i18n = await createI18n(language);
  return (
    <I18nextProvider i18n={i18n}>
      <MantineProvider>{children}</MantineProvider>
    </I18nextProvider>
  );
}

const typeMismatch: EvidenceFlag = {
  code: 'type_mismatch',
  reason: 'The file is named .jpg but its bytes are image/png (.png).',
  details: { claimedExtension: 'jpg', actualType: 'image/png' },
};

describe('EvidenceFlags', () => {
  const flags: EvidenceFlag[] = [
    typeMismatch,
    { code: 'format_not_requested', reason: 'A video was requested and this is a photo.', details: { requested: 'video', actual: 'photo' } },
    { code: 'over_upload_limit', reason: 'Uploaded at 2.6 MB.', details: { sizeBytes: 2_600_000, limitBytes: 2_000_000 } },
    { code: 'late', reason: 'Submitted late.', details: { submittedAt: '2025-03-06T09:00:00Z', dueAt: '2025-03-05T09:00:00Z' } },
    {
      code: 'near_duplicate',
      reason: 'Looks the same.',
      details: { otherSha256: 'b'.repeat(64), otherFileName: 'box.jpg', otherDisputeId: 'D-9', otherParty: 'seller', distance: 3 },
    },
    { code: 'possibly_edited', reason: 'Possibly edited.', details: { software: 'Adobe Photoshop 25.0' } },
    { code: 'unreadable', reason: 'Broken. Ask again.', details: {} },
    { code: 'incomplete_analysis', reason: 'Not fully checked: ffmpeg cannot be used.', details: { tool: 'ffmpeg', cause: 'not_found' } },
  ];

  it('says each reason in English from the flag\'s details', async () => {
    render(await wrap(<EvidenceFlags flags={flags} />));
    const list = screen.getByRole('list', { name: 'Checks' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(flags.length);
    for (const sentence of [
      "Requested: Video. Submitted: Photo. The marketplace's rules ask for evidence in the requested format.",
      "Uploaded at 2.6 MB, over the 2 MB upload limit; the marketplace's rules ask for a valid external link instead.",
      'Looks the same as box.jpg in case D-9 (Seller): 3 of 64 perceptual-hash bits differ. Compare the two side by side.',
      "Possibly edited: the metadata names editing software (Adobe Photoshop 25.0). Compare it with the party's other evidence.",
      // Details missing: the host's own sentence rather than a half-filled one.
      'Broken. Ask again.',
      'ffmpeg cannot be used on this computer, so the video has no poster and was not compared with other videos for near duplicates. Settings → Media tools says why.',
    ]) {
      expect(within(list).getByText(sentence)).toBeInTheDocument();
    }
    expect(within(list).getByText(/^Submitted .*2025.*, after the due date .*2025/)).toBeInTheDocument();
  });

  it('speaks Simplified Chinese, says "No flags" for checked evidence and nothing for unchecked', async () => {
    const unchecked = render(await wrap(<EvidenceFlags flags={undefined} />));
    expect(unchecked.container.querySelector('ul, p')).toBeNull();
    unchecked.unmount();
    render(await wrap(<EvidenceFlags flags={[]} />));
    expect(screen.getByText('No flags')).toBeInTheDocument();
    render(await wrap(<EvidenceFlags flags={flags.slice(0, 2)} />, 'zh-CN'));
    expect(screen.getByText('类型不符')).toBeInTheDocument();
    expect(screen.getByText('文件名为 .jpg，但内容是 image/png。请询问当事人为何改名。')).toBeInTheDocument();
    expect(screen.getByText('要求：视频。提交：照片。平台规则要求按请求的格式提交证据。')).toBeInTheDocument();
    render(await wrap(<EvidenceFlags flags={flags.slice(-1)} />, 'zh-CN'));
    expect(screen.getByText('未完整检查')).toBeInTheDocument();
    expect(screen.getByText('此电脑无法使用 ffmpeg，因此该视频没有封面，也未与其他视频比对近似重复。原因见“设置 → 媒体工具”。')).toBeInTheDocument();
  });
});
