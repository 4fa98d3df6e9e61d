// `npm run dist` (after electron-vite build): packages the desktop app for this platform from a
// staging folder, so the checkout's node_modules are never rebuilt or changed. DESK_UPDATE_URL,
// when set, is the team's update feed (a generic provider); unset, the app ships with updates off.
import path from 'node:path';
import { parseUpdateUrl } from './packaging/builder-config';
import { packageApp } from './packaging/package-app';

const checkout = path.resolve(import.meta.dirname, '..');
const feed = parseUpdateUrl(process.env.DESK_UPDATE_URL);
if ('error' in feed) {
  console.error(feed.error.message);
  process.exit(2);
}

try {
  const { staged, artifacts } = await packageApp({ checkout, updateFeed: feed.url, output: path.join(checkout, 'dist') });
  console.info(`Staged ${staged.packages.length} production packages in ${path.relative(checkout, staged.folder)}; left out the case service's: ${staged.leftOut.join(', ') || 'none'}.`);
  console.info(feed.url === undefined ? 'Updates: off (DESK_UPDATE_URL is not set).' : `Updates: ${feed.url}`);
  for (const artifact of artifacts) console.info(`Made ${path.relative(checkout, artifact)}`);
} catch (error) {
  console.error(`Packaging failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
