import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type Page } from '@playwright/test';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Dispute } from '../../shared/domain/model';
import { writeNoisePng, writePhoto, writeVideo } from '../support/media';
import type { RunningHost } from './browser-host';
import type { RunningService } from './case-service';
import { serviceAndHost } from './fixtures';
import { signInAsLinaAndOpen } from './viewer-support';

/** Real files made for the journey: sharp's pictures and ffmpeg's video, never checked in. */
interface Media {
  dir: string;
  /** PNG bytes under a .jpg name: a renamed file. */
  renamed: string;
  /** A JPEG photo, for a request that asked for a video. */
  photo: string;
  /** Incompressible noise, over the seed's 2 MB upload limit. */
  noise: string;
  video: string;
}

const test = base.extend<{ service: RunningService; host: RunningHost; media: Media }>({
  ...serviceAndHost(120),
  media: async ({}, use) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'desk-e2e-media-'));
    const media: Media = {
      dir,
      renamed: path.join(dir, 'charging-case.jpg'),
      photo: path.join(dir, 'earbud-left.jpg'),
      noise: path.join(dir, 'scan-full-size.png'),
      video: path.join(dir, 'charging.mp4'),
    };
    await writePhoto(media.renamed, { seed: 11, format: 'png' });
    await writePhoto(media.photo, { seed: 12 });
    await writeNoisePng(media.noise, 1000, 1000);
    await writeVideo(media.video, { seconds: 1 });
    await use(media);
    await rm(dir, { recursive: true, force: true });
  },
});

/**
 * A dispute Li Na may take (hers already, or nobody's) that is still open to evidence and has a
 * request asking one party for a video. In the demo workspace only assigned disputes have
 * requests, so it is usually hers.
 */
async function disputeAskingForVideo(service: RunningService): Promise<{ dispute: Dispute; requestId: string; party: string }> {
  const rows = await service.db.query<{ doc: Dispute }>(
    `SELECT doc FROM disputes
      WHERE (assignee IS NULL OR assignee = 'u-cm-1') AND state IN ('escalated', 'awaiting_evidence', 'under_review')
        AND doc->'evidenceRequests' @> '[{"kinds": ["video"]}]'::jsonb
      ORDER BY id LIMIT 1`,
  );
  const dispute = rows[0]?.doc;
  if (!dispute) throw new Error('The demo workspace has no dispute for lina with a video request; seed more disputes.');
  const request = dispute.evidenceRequests.find((candidate) => candidate.kinds.includes('video'))!;
  return { dispute, requestId: request.id, party: request.party };
}

/** Drops real files on a target the way a desktop drag does: a DataTransfer carrying File objects. */
async function dropFiles(page: Page, target: ReturnType<Page['getByRole']>, files: { name: string; mimeType: string; bytes: Buffer }[]): Promise<void> {
  const payload = files.map((file) => ({ name: file.name, mimeType: file.mimeType, base64: file.bytes.toString('base64') }));
  const dataTransfer = await page.evaluateHandle((given) => {
    const transfer = new DataTransfer();
    for (const file of given) {
      const bytes = Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0));
      transfer.items.add(new File([bytes], file.name, { type: file.mimeType }));
    }
    return transfer;
  }, payload);
  await target.dispatchEvent('dragenter', { dataTransfer });
  await expect(target).toHaveAttribute('data-dragging', 'true');
  await target.dispatchEvent('dragover', { dataTransfer });
  await target.dispatchEvent('drop', { dataTransfer });
  await expect(target).not.toHaveAttribute('data-dragging');
}

test('bring real files into a case: progress, the seed\'s flags in the intake and in the evidence table, and on to the case service', async ({ page, host, service, media }) => {
  test.setTimeout(120_000);
  const { dispute, requestId, party } = await disputeAskingForVideo(service);
  await signInAsLinaAndOpen(page, host, dispute);

  const intake = page.getByRole('region', { name: 'Bring in evidence' });
  await intake.getByRole('radio', { name: party === 'buyer' ? 'Buyer' : 'Seller' }).check();
  await intake.getByRole('combobox', { name: 'Answers request' }).selectOption(requestId);
  await expect(intake).toContainText('format Video');

  // A refused link says why and cannot be fetched.
  await intake.getByRole('textbox', { name: 'External link' }).fill('ftp://files.example/clip.mp4');
  await intake.getByRole('button', { name: 'Check link' }).click();
  await expect(intake.getByRole('alert').filter({ hasText: 'This link cannot be used' })).toBeVisible();
  await expect(intake.getByRole('button', { name: 'Fetch into the store' })).toBeDisabled();
  await intake.getByRole('textbox', { name: 'External link' }).fill('');

  // Picked with the file chooser: a photo where a video was asked, noise over 2 MB, and the video.
  await intake.locator('input[type=file]').setInputFiles([media.photo, media.noise, media.video]);
  const picked = intake.getByRole('article').filter({ hasText: 'earbud-left.jpg' });
  await expect(picked.getByRole('progressbar', { name: 'Progress of scan-full-size.png' })).toBeVisible();
  await expect(picked).toContainText('3 of 3 files finished', { timeout: 30_000 });

  // Dropped on the section: PNG bytes under a .jpg name.
  await dropFiles(page, intake.getByRole('group', { name: 'Drop files here' }), [
    { name: 'charging-case.jpg', mimeType: 'image/jpeg', bytes: await readFile(media.renamed) },
  ]);
  const dropped = intake.getByRole('article').filter({ hasText: 'charging-case.jpg' });
  await expect(dropped).toContainText('1 of 1 files finished', { timeout: 30_000 });

  const resultRow = (name: string) => intake.getByRole('row').filter({ hasText: name });
  await expect(resultRow('earbud-left.jpg')).toContainText('Stored');
  await expect(resultRow('earbud-left.jpg')).toContainText('Requested: Video. Submitted: Photo.');
  await expect(resultRow('scan-full-size.png')).toContainText('Over 2 MB');
  await expect(resultRow('scan-full-size.png')).toContainText('over the 2 MB upload limit');
  await expect(resultRow('charging.mp4')).toContainText('Stored');
  await expect(resultRow('charging.mp4')).not.toContainText('Not the requested format');
  await expect(resultRow('charging-case.jpg')).toContainText('Type mismatch');
  await expect(resultRow('charging-case.jpg')).toContainText('Named .jpg, but the bytes are image/png.');

  await intake.scrollIntoViewIfNeeded();
  await page.setViewportSize({ width: 1400, height: 1000 });
  await intake.screenshot({ path: '/tmp/intake.png' });

  // Each stored file is now a row of the case's evidence, with its flags, once.
  // The case view's parts are sections titled by an h3; the nearest one holds the evidence table.
  const evidence = page.getByRole('heading', { level: 3, name: 'Evidence', exact: true }).locator('xpath=ancestor::section[1]');
  for (const name of ['earbud-left.jpg', 'scan-full-size.png', 'charging.mp4', 'charging-case.jpg']) {
    await expect(evidence.getByRole('listitem').filter({ hasText: name })).toHaveCount(1);
  }
  await expect(evidence.getByRole('listitem').filter({ hasText: 'charging-case.jpg' })).toContainText('Type mismatch');
  await expect(evidence.getByRole('listitem').filter({ hasText: 'earbud-left.jpg' })).toContainText('Not the requested format');
  await expect(evidence.getByRole('listitem').filter({ hasText: 'scan-full-size.png' })).toContainText('Over 2 MB');

  const results = await new AxeBuilder({ page }).include('section[aria-labelledby]').analyze();
  const serious = results.violations.filter((violation) => ['serious', 'critical'].includes(violation.impact ?? ''));
  expect(serious.map((violation) => `${violation.id}: ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);

  // The additions reach the case service with the flags the desk found, each file uploaded when
  // the service asked for it, and the service's own check of the bytes beside them (decision 0021).
  await page.getByRole('button', { name: 'Sync now' }).click();
  const codes = (flags: { code: string }[] | undefined) => (flags ?? []).map((flag) => flag.code).filter((code) => code !== 'late').sort().join(' ');
  await expect
    .poll(
      async () => {
        const [row] = await service.db.query<{ doc: Dispute }>('SELECT doc FROM disputes WHERE id = $1', [dispute.id]);
        return (row?.doc.evidence ?? [])
          .filter((item) => item.addedBy === 'u-cm-1')
          .map((item) => `${item.fileName}: desk [${codes(item.flags)}] service ${item.serviceFindings?.file} [${codes(item.serviceFindings?.flags)}]`)
          .sort();
      },
      { timeout: 30_000 },
    )
    .toEqual([
      'charging-case.jpg: desk [format_not_requested type_mismatch] service checked [format_not_requested type_mismatch]',
      'charging.mp4: desk [] service checked []',
      'earbud-left.jpg: desk [format_not_requested] service checked [format_not_requested]',
      'scan-full-size.png: desk [format_not_requested over_upload_limit] service checked [format_not_requested over_upload_limit]',
    ]);
  // Where the two agree, the case view says nothing more.
  await expect(evidence.getByTestId('service-findings')).toHaveCount(0);
});

test('a link to an unlisted host is refused, pointing to Settings, where the host is added and kept', async ({ page, host, service }) => {
  const { dispute } = await disputeAskingForVideo(service);
  await signInAsLinaAndOpen(page, host, dispute);
  const intake = page.getByRole('region', { name: 'Bring in evidence' });
  const link = intake.getByRole('textbox', { name: 'External link' });
  await link.fill('https://files.example.org/clip.mp4');
  await intake.getByRole('button', { name: 'Check link' }).click();
  await expect(intake.getByRole('alert')).toContainText('files.example.org is not on the team\'s list of file-sharing hosts (Settings → Evidence links)');
  await expect(intake.getByRole('button', { name: 'Fetch into the store' })).toBeDisabled();

  await page.getByRole('button', { name: 'Settings' }).click();
  const links = page.getByRole('region', { name: 'Evidence links' });
  const hosts = links.getByRole('textbox', { name: 'File-sharing hosts' });
  await expect(hosts).toHaveValue(/dropbox\.com/);
  const listed = await hosts.inputValue();
  // A URL is not a host: refused with the line named, nothing saved, the text kept as typed.
  await hosts.fill(`${listed}\nhttps://files.example.org/clips`);
  await links.getByRole('button', { name: 'Save hosts' }).click();
  await expect(links.getByText('"https://files.example.org/clips" is not a host name.', { exact: false })).toBeVisible();
  await expect(hosts).toHaveValue(`${listed}\nhttps://files.example.org/clips`);
  await hosts.fill(`${listed}\n  Files.Example.org  \ndropbox.com`);
  await links.getByRole('button', { name: 'Save hosts' }).click();
  const count = listed.split('\n').length + 1;
  await expect(links.getByRole('status')).toHaveText(`Saved: links to ${count} hosts are accepted.`);
  await expect(hosts).toHaveValue(`${listed}\nfiles.example.org`);

  // Kept by the host, not just the page: still there after a reload, and the link now passes.
  await page.reload();
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('region', { name: 'Evidence links' }).getByRole('textbox', { name: 'File-sharing hosts' })).toHaveValue(`${listed}\nfiles.example.org`);
  await page.getByRole('button', { name: 'Queues' }).click();
  await page.getByRole('button', { name: dispute.assignee === undefined ? /Unassigned escalations/ : /My cases/ }).click();
  await page.getByRole('textbox', { name: 'Search disputes' }).fill(dispute.id);
  await page.getByRole('grid', { name: 'Dispute queue' }).getByRole('row').filter({ hasText: dispute.id }).click();
  await link.fill('https://files.example.org/clip.mp4');
  await intake.getByRole('button', { name: 'Check link' }).click();
  await expect(intake.getByRole('button', { name: 'Fetch into the store' })).toBeEnabled();
});
