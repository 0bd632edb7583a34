// The printable place poster (A5 at 150 dpi): title, place name, grid, the mini-program code in the middle
// and one line of instructions. With `sharp` (a native module CloudBase installs from this function's
// package.json) the text is an SVG rendered by librsvg, which needs a CJK font on the machine. Without
// sharp the poster is drawn with pngjs: the same layout and code, but no text.
import { PNG } from 'pngjs';

export const POSTER_WIDTH = 1240;
export const POSTER_HEIGHT = 1754;
const QR_SIZE = 760;
const QR_TOP = 560;
const BAND_HEIGHT = 260;
const ACCENT = { r: 0xc8, g: 0x10, b: 0x2e };

export const POSTER_TITLE = '随手拍 · 有事找网格';
export const POSTER_INSTRUCTIONS = '微信扫一扫，拍照反映问题';

export interface PosterText {
  placeName: string;
  gridName: string;
  /** Small footer line, e.g. the county's whistle office. */
  footer: string;
}

interface SharpImage {
  composite(layers: { input: Buffer; top: number; left: number }[]): SharpImage;
  resize(width: number, height: number, opts: { kernel: string }): SharpImage;
  png(): SharpImage;
  toBuffer(): Promise<Buffer>;
}
type SharpFactory = (input: Buffer) => SharpImage;

let sharpModule: SharpFactory | null | undefined;

/** sharp when installed (marked external in the bundle), else null. */
function loadSharp(): SharpFactory | null {
  if (sharpModule === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      sharpModule = require('sharp') as SharpFactory;
    } catch (err) {
      console.warn('sharp is not installed: place posters are drawn without text', (err as Error).message);
      sharpModule = null;
    }
  }
  return sharpModule;
}

const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

function posterSvg(text: PosterText): string {
  const hex = `#${[ACCENT.r, ACCENT.g, ACCENT.b].map((n) => n.toString(16).padStart(2, '0')).join('')}`;
  const font = `font-family="WenQuanYi Micro Hei, Noto Sans CJK SC, Source Han Sans SC, sans-serif"`;
  const line = (y: number, size: number, fill: string, s: string, weight = 'normal') =>
    `<text x="${POSTER_WIDTH / 2}" y="${y}" ${font} font-size="${size}" font-weight="${weight}" fill="${fill}" text-anchor="middle">${escapeXml(s)}</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${POSTER_WIDTH}" height="${POSTER_HEIGHT}" viewBox="0 0 ${POSTER_WIDTH} ${POSTER_HEIGHT}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<rect width="100%" height="${BAND_HEIGHT}" fill="${hex}"/>`,
    line(165, 96, '#ffffff', POSTER_TITLE, 'bold'),
    line(390, 76, '#1a1a1a', text.placeName, 'bold'),
    line(480, 48, '#555555', text.gridName),
    `<rect x="${(POSTER_WIDTH - QR_SIZE) / 2 - 20}" y="${QR_TOP - 20}" width="${QR_SIZE + 40}" height="${QR_SIZE + 40}" fill="none" stroke="${hex}" stroke-width="6" rx="24"/>`,
    line(QR_TOP + QR_SIZE + 140, 64, '#1a1a1a', POSTER_INSTRUCTIONS, 'bold'),
    line(POSTER_HEIGHT - 90, 36, '#777777', text.footer),
    `</svg>`,
  ].join('');
}

/** Nearest-neighbour scaling keeps the code's modules crisp. */
function drawScaled(target: { width: number; data: Buffer }, src: { width: number; height: number; data: Buffer }, left: number, top: number, size: number): void {
  for (let y = 0; y < size; y++) {
    const sy = Math.min(src.height - 1, Math.floor((y * src.height) / size));
    for (let x = 0; x < size; x++) {
      const sx = Math.min(src.width - 1, Math.floor((x * src.width) / size));
      const s = (sy * src.width + sx) * 4;
      const t = ((top + y) * target.width + left + x) * 4;
      const a = src.data[s + 3] / 255;
      for (let k = 0; k < 3; k++) target.data[t + k] = Math.round(src.data[s + k] * a + target.data[t + k] * (1 - a));
      target.data[t + 3] = 255;
    }
  }
}

function fillRect(target: { width: number; data: Buffer }, x0: number, y0: number, w: number, h: number, c: { r: number; g: number; b: number }): void {
  // One row of the colour, copied into each row of the rectangle.
  const row = Buffer.alloc(w * 4);
  for (let x = 0; x < w; x++) row.writeUInt32BE(((c.r << 24) | (c.g << 16) | (c.b << 8) | 0xff) >>> 0, x * 4);
  for (let y = y0; y < y0 + h; y++) row.copy(target.data, (y * target.width + x0) * 4);
}

function posterWithoutText(qrPng: Buffer): Buffer {
  const qr = PNG.sync.read(qrPng);
  const poster = new PNG({ width: POSTER_WIDTH, height: POSTER_HEIGHT });
  poster.data.fill(255);
  fillRect(poster, 0, 0, POSTER_WIDTH, BAND_HEIGHT, ACCENT);
  const left = (POSTER_WIDTH - QR_SIZE) / 2;
  // Frame around the code, as in the SVG layout.
  const frame = { x: left - 26, y: QR_TOP - 26, size: QR_SIZE + 52, width: 6 };
  fillRect(poster, frame.x, frame.y, frame.size, frame.size, ACCENT);
  fillRect(poster, frame.x + frame.width, frame.y + frame.width, frame.size - 2 * frame.width, frame.size - 2 * frame.width, { r: 255, g: 255, b: 255 });
  drawScaled(poster, qr, left, QR_TOP, QR_SIZE);
  // No row filters: flat colours compress well without them, and adaptive filtering is slow in pure JS.
  return PNG.sync.write(poster, { filterType: 0 });
}

/** The poster PNG (POSTER_WIDTH × POSTER_HEIGHT); `text`: whether the text was rendered (sharp available). */
export async function composePoster(qrPng: Buffer, text: PosterText): Promise<{ png: Buffer; text: boolean }> {
  const sharp = loadSharp();
  if (!sharp) return { png: posterWithoutText(qrPng), text: false };
  const qr = await sharp(qrPng).resize(QR_SIZE, QR_SIZE, { kernel: 'nearest' }).png().toBuffer();
  const png = await sharp(Buffer.from(posterSvg(text)))
    .composite([{ input: qr, top: QR_TOP, left: (POSTER_WIDTH - QR_SIZE) / 2 }])
    .png()
    .toBuffer();
  return { png, text: true };
}
