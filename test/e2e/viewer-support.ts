// Steps the viewer journeys and benchmarks share: a case Li Na may add evidence to, files
// brought into it, and evidence opened in the viewer.
import { expect, type Locator, type Page } from '@playwright/test';
import type { Dispute } from '../../shared/domain/model';
import type { RunningHost } from './browser-host';
import type { RunningService } from './case-service';

/** A dispute Li Na may bring evidence into: hers already, or nobody's, and still open to evidence. */
export async function disputeForLina(service: RunningService): Promise<Dispute> {
  const rows = await service.db.query<{ doc: Dispute }>(
    `SELECT doc FROM disputes
      WHERE (assignee IS NULL OR assignee = 'u-cm-1') AND state IN ('escalated', 'awaiting_evidence', 'under_review')
      ORDER BY id LIMIT 1`,
  );
  const dispute = rows[0]?.doc;
  if (!dispute) throw new Error('The demo workspace has no dispute open to evidence for lina; seed more disputes.');
  return dispute;
}

/** Signs in as Li Na (a case manager) and opens `dispute` from the queue it is in. */
export async function signInAsLinaAndOpen(page: Page, host: RunningHost, dispute: Dispute): Promise<void> {
  await page.goto(host.url);
  await page.getByRole('textbox', { name: 'Username' }).fill('lina');
  await page.getByRole('textbox', { name: 'Password' }).fill('demo-lina');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('sync-status')).toContainText('Synced');
  await page.getByRole('button', { name: dispute.assignee === undefined ? /Unassigned escalations/ : /My cases/ }).click();
  await page.getByRole('textbox', { name: 'Search disputes' }).fill(dispute.id);
  await page.getByRole('grid', { name: 'Dispute queue' }).getByRole('row').filter({ hasText: dispute.id }).click();
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(dispute.id) })).toBeVisible();
}

/** Signs in as Li Na, opens `dispute` and claims it if nobody has. */
export async function openCaseAsLina(page: Page, host: RunningHost, dispute: Dispute): Promise<void> {
  await signInAsLinaAndOpen(page, host, dispute);
  if (dispute.assignee === undefined) {
    await page.getByRole('button', { name: 'Claim' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'You claimed this dispute' })).toBeVisible();
  }
}

/** The case view's evidence table: the section its "Evidence" h3 titles. */
export function evidenceTable(page: Page): Locator {
  return page.getByRole('heading', { level: 3, name: 'Evidence', exact: true }).locator('xpath=ancestor::section[1]');
}

/** Brings files in with the intake's file chooser and waits until each is a row of the case's evidence. */
export async function bringFiles(page: Page, files: string[], timeout = 60_000): Promise<void> {
  const intake = page.getByRole('region', { name: 'Bring in evidence' });
  await intake.locator('input[type=file]').setInputFiles(files);
  await expect(intake.getByRole('article').last()).toContainText(`${files.length} of ${files.length} files finished`, { timeout });
  await expectEvidenceRows(page, files, timeout);
}

/**
 * Brings in a folder on this computer by its path: the host reads the files where they are,
 * which is how a gigabyte video comes in without passing through the page.
 */
export async function bringFolder(page: Page, folder: string, files: string[], timeout: number): Promise<void> {
  const intake = page.getByRole('region', { name: 'Bring in evidence' });
  await intake.getByRole('textbox', { name: 'Folder on this computer' }).fill(folder);
  await intake.getByRole('button', { name: 'Bring in folder' }).click();
  await expectEvidenceRows(page, files, timeout);
}

async function expectEvidenceRows(page: Page, files: string[], timeout: number): Promise<void> {
  for (const file of files) {
    await expect(evidenceTable(page).getByRole('listitem').filter({ hasText: baseName(file) })).toHaveCount(1, { timeout });
  }
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop()!;
}

/**
 * Ticks "Compare <id>" on the rows of these files, in this order (the viewer's pane order), with
 * nothing else ticked, and opens the viewer; returns its region.
 */
export async function compareEvidence(page: Page, files: string[]): Promise<Locator> {
  const ticked = evidenceTable(page).getByRole('checkbox', { name: /^Compare /, checked: true });
  // Back from the viewer, the case ticks again what was compared, once it has drawn: ticking
  // before that lands would add to it, so the choice is made again until it holds.
  await expect(async () => {
    while ((await ticked.count()) > 0) await ticked.first().uncheck();
    for (const file of files) {
      await evidenceTable(page).getByRole('listitem').filter({ hasText: baseName(file) }).getByRole('checkbox', { name: /^Compare / }).check();
    }
    await expect(ticked).toHaveCount(files.length, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await page.getByRole('button', { name: `Compare (${files.length})` }).click();
  const viewer = page.getByRole('region', { name: 'Evidence viewer' });
  await expect(viewer).toBeVisible();
  return viewer;
}

/**
 * The share of a canvas's pixels that are not (near) black or transparent: 0 for a blank
 * difference, more when the two pictures differ. Drawn into a 2D canvas first, so it reads a
 * WebGL canvas as well as a 2D one.
 */
export async function canvasInk(canvas: Locator): Promise<number> {
  return canvas.evaluate((element) => {
    if (!(element instanceof HTMLCanvasElement) || element.width === 0 || element.height === 0) return 0;
    const copy = document.createElement('canvas');
    copy.width = element.width;
    copy.height = element.height;
    const context = copy.getContext('2d', { willReadFrequently: true })!;
    context.drawImage(element, 0, 0);
    const data = context.getImageData(0, 0, copy.width, copy.height).data;
    let inked = 0;
    for (let offset = 0; offset < data.length; offset += 4) {
      if (data[offset + 3]! > 0 && Math.max(data[offset]!, data[offset + 1]!, data[offset + 2]!) > 16) inked += 1;
    }
    return inked / (data.length / 4);
  });
}

/**
 * Clicks the transport's "Position" timeline at `fraction` (0 to 1) of its length: a seek as a
 * reviewer makes one. Which frame that is depends on the slider's rounding; read it back from the
 * readout once the pane shows it.
 */
export async function seekByTimeline(page: Page, viewer: Locator, fraction: number): Promise<void> {
  // The slider's thumb carries the name; the track it sits on takes the clicks.
  const track = viewer.getByRole('slider', { name: 'Position' }).locator('xpath=..');
  const box = await track.boundingBox();
  if (!box) throw new Error('The viewer\'s timeline is not on screen.');
  await page.mouse.click(box.x + fraction * box.width, box.y + box.height / 2);
}

/** The leader's readout, `frame N · mm:ss.mmm`, as its frame and its time in seconds. */
export async function readout(viewer: Locator): Promise<{ frame: number; seconds: number }> {
  const text = (await viewer.getByTestId('viewer-time').textContent()) ?? '';
  const match = /frame (\d+) · (?:(\d+):)?(\d+):(\d+\.\d+)/.exec(text);
  if (!match) throw new Error(`viewer-time reads "${text}", not "frame N · mm:ss.mmm"`);
  return { frame: Number(match[1]), seconds: Number(match[2] ?? 0) * 3600 + Number(match[3]) * 60 + Number(match[4]) };
}
