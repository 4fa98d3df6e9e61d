// Every target's icon from one drawing, build/icon.svg, rendered with sharp when packaging:
// the Linux icon set (one PNG per size) and a 1024 px PNG from which electron-builder makes the
// Windows .ico and the macOS .icns.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

/** The sizes the Linux icon set carries; the largest is also the .ico/.icns source. */
export const iconSizes: readonly number[] = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

/** Where the rendered icons are, as electron-builder's configuration names them. */
export interface RenderedIcons {
  /** `NxN.png` per size, for `linux.icon`. */
  linuxSet: string;
  /** The 1024 px PNG, for `icon` (Windows and macOS). */
  largest: string;
}

/** Renders `source` (an SVG) into `folder`: the Linux set and the largest PNG. */
export async function renderIcons(source: string, folder: string): Promise<RenderedIcons> {
  const linuxSet = path.join(folder, 'icons');
  await mkdir(linuxSet, { recursive: true });
  for (const size of iconSizes) {
    // Render at a density that gives the size directly, so small icons are drawn, not shrunk.
    await sharp(source, { density: (72 * size) / 1024 })
      .resize(size, size)
      .png()
      .toFile(path.join(linuxSet, `${size}x${size}.png`));
  }
  const largest = path.join(folder, 'icon.png');
  await sharp(path.join(linuxSet, '1024x1024.png')).toFile(largest);
  return { linuxSet, largest };
}
