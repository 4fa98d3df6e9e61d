import { chromium } from '@playwright/test';
import { execSync } from 'node:child_process';
const url = process.argv[2];
const ctx = await chromium.launchPersistentContext('/tmp/shot-profile', { executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'], viewport: { width: 1440, height: 820 } });
const page = ctx.pages()[0] ?? (await ctx.newPage());
await page.goto(url);
if (await page.getByRole('textbox', { name: 'Username' }).isVisible({ timeout: 5000 }).catch(() => false)) {
  await page.getByRole('textbox', { name: 'Username' }).fill('lina');
  await page.getByRole('textbox', { name: 'Password' }).fill('demo-lina');
  await page.getByRole('button', { name: 'Sign in' }).click();
}
await page.getByTestId('sync-status').filter({ hasText: 'Synced' }).waitFor({ timeout: 60000 });
await page.screenshot({ path: '/tmp/shots/online.png' });
execSync('tmux send-keys -t start2 s');
await page.getByTestId('network-status').filter({ hasText: 'Offline' }).waitFor({ timeout: 30000 });
await page.getByRole('button', { name: /Unassigned escalations/ }).click();
const grid = page.getByRole('grid', { name: 'Dispute queue' });
await grid.getByRole('row').nth(1).dblclick();
await page.getByRole('button', { name: 'Claim', exact: true }).click().catch(() => {});
await page.waitForTimeout(1500);
await page.screenshot({ path: '/tmp/shots/offline.png' });
execSync('tmux send-keys -t start2 s');
await page.getByTestId('network-status').filter({ hasText: 'Online' }).waitFor({ timeout: 60000 });
await page.waitForTimeout(4000);
await page.screenshot({ path: '/tmp/shots/back.png' });
await ctx.close();
