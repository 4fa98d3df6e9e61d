import sharp from 'sharp';
import type { Random } from './random';

// Product-like pictures drawn from shapes, so they need no fonts and come out the same on every
// machine with the same sharp: a studio backdrop, a table, a product with a barcode label, a few
// scratches, and sensor-like noise that keeps JPEG sizes realistic.

/** The size pictures are drawn at; larger photos are scaled up from it. */
const canvas = { width: 800, height: 600 };

function hsl(hue: number, saturation: number, lightness: number): string {
  return `hsl(${Math.round(hue) % 360}, ${saturation}%, ${lightness}%)`;
}

function productShape(r: Random, shape: number, hue: number): string {
  const body = hsl(hue, r.int(45, 75), r.int(35, 55));
  const light = hsl(hue, 60, 70);
  switch (shape % 4) {
    case 0: // a boxed product
      return `<polygon points="250,200 400,150 570,190 420,245" fill="${light}"/>
        <polygon points="250,200 420,245 420,470 250,420" fill="${body}"/>
        <polygon points="420,245 570,190 570,410 420,470" fill="${hsl(hue, 50, 30)}"/>`;
    case 1: // a bottle
      return `<rect x="330" y="210" width="140" height="260" rx="30" fill="${body}"/>
        <rect x="370" y="150" width="60" height="70" rx="8" fill="${light}"/>
        <rect x="362" y="128" width="76" height="30" rx="6" fill="${hsl(hue + 180, 30, 25)}"/>`;
    case 2: // a phone or tablet
      return `<rect x="280" y="120" width="240" height="350" rx="34" fill="${hsl(hue, 15, 15)}"/>
        <rect x="296" y="150" width="208" height="290" rx="10" fill="url(#shine)"/>
        <circle cx="400" cy="136" r="5" fill="${hsl(0, 0, 40)}"/>`;
    default: // a round speaker or watch
      return `<circle cx="400" cy="300" r="150" fill="${body}"/>
        <circle cx="400" cy="300" r="110" fill="url(#shine)"/>
        <circle cx="400" cy="300" r="40" fill="${hsl(hue, 40, 25)}"/>`;
  }
}

function barcodeLabel(r: Random): string {
  const x0 = r.int(300, 360);
  const y0 = r.int(330, 380);
  let bars = '';
  for (let x = x0 + 8; x < x0 + 112; x += r.int(3, 6)) bars += `<rect x="${x}" y="${y0 + 8}" width="${r.int(1, 3)}" height="34" fill="#111"/>`;
  return `<rect x="${x0}" y="${y0}" width="120" height="50" rx="4" fill="#f8f8f4"/>${bars}`;
}

function scratches(r: Random): string {
  let paths = '';
  for (let n = r.int(0, 3); n > 0; n--) {
    const x = r.int(300, 480);
    const y = r.int(200, 420);
    paths += `<path d="M${x},${y} q${r.int(-30, 30)},${r.int(10, 40)} ${r.int(20, 70)},${r.int(-20, 40)}" stroke="rgba(255,255,255,0.7)" stroke-width="2" fill="none"/>`;
  }
  return paths;
}

/** The SVG of product picture `variant`. Shape and hue step with the variant so neighbours differ. */
function pictureSvg(r: Random, variant: number): string {
  const hue = variant * 137 + r.int(0, 40);
  const backdrop = hue + 180;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${canvas.width}" height="${canvas.height}">
    <defs>
      <linearGradient id="backdrop" x1="0" y1="0" x2="0" y2="1">
        <stop offset="0" stop-color="${hsl(backdrop, 12, 94)}"/><stop offset="1" stop-color="${hsl(backdrop, 18, 72)}"/>
      </linearGradient>
      <linearGradient id="shine" x1="0" y1="0" x2="1" y2="1">
        <stop offset="0" stop-color="${hsl(hue + 40, 50, 80)}"/><stop offset="1" stop-color="${hsl(hue + 90, 45, 35)}"/>
      </linearGradient>
      <filter id="soft"><feGaussianBlur stdDeviation="12"/></filter>
    </defs>
    <rect width="800" height="600" fill="url(#backdrop)"/>
    <rect y="440" width="800" height="160" fill="${hsl(r.int(20, 40), r.int(20, 40), r.int(30, 55))}"/>
    <ellipse cx="410" cy="478" rx="230" ry="26" fill="rgba(0,0,0,0.35)" filter="url(#soft)"/>
    ${productShape(r, variant, hue)}
    ${barcodeLabel(r)}
    ${scratches(r)}
  </svg>`;
}

/** Grey noise around mid-grey, for a soft-light blend: the grain of a phone camera. */
function noise(r: Random, width: number, height: number, amplitude: number): Buffer {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i += 3) {
    const value = 128 + Math.round((r.next() - 0.5) * 2 * amplitude);
    pixels[i] = value;
    pixels[i + 1] = value;
    pixels[i + 2] = value;
  }
  return pixels;
}

/** EXIF to write: a phone camera's, and for an edited photo the software that saved it. */
export interface PhotoExif {
  make: string;
  model: string;
  takenAt: string;
  software?: string;
}

/** Renders product photo `variant` as a JPEG. `grain` is the noise amplitude: more grain, a bigger file. */
export async function renderPhoto(
  r: Random,
  options: { variant: number; width: number; height: number; quality: number; grain: number; exif?: PhotoExif },
): Promise<Buffer> {
  const { variant, width, height, quality, grain, exif } = options;
  // Drawn at 800×600 and scaled: rendering the SVG itself at camera size was several times slower.
  let image = sharp(Buffer.from(pictureSvg(r, variant)))
    .resize(width, height)
    .composite([{ input: noise(r, width, height, grain), raw: { width, height, channels: 3 }, blend: 'soft-light' }])
    .jpeg({ quality });
  if (exif) {
    image = image.withExif({
      IFD0: { Make: exif.make, Model: exif.model, DateTime: exif.takenAt, ...(exif.software && { Software: exif.software }) },
    });
  }
  return image.toBuffer();
}

/** The same picture saved again at another size and quality, as a re-uploaded copy would be. */
export async function resave(jpeg: Buffer, width: number, height: number, quality: number): Promise<Buffer> {
  return sharp(jpeg).resize(width, height).jpeg({ quality }).toBuffer();
}
