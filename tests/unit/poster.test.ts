// The place poster (cloudfunctions/admin/poster.ts) without sharp: the pngjs fallback keeps the size and a
// code that scans. (With sharp it is covered end to end by tests/functions/places.test.ts.)
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';

jest.mock('sharp', () => {
  throw new Error('Cannot find module sharp');
});

test('without sharp the poster is still A5 at 150 dpi and its code decodes', async () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const { composePoster, POSTER_HEIGHT, POSTER_WIDTH } = await import('../../cloudfunctions/admin/poster');
  const qr = await QRCode.toBuffer('pt-wl-school', { type: 'png', width: 430, margin: 2 });
  const { png, text } = await composePoster(qr, { placeName: '五柳小学南门', gridName: '五柳社区第一网格', footer: '吹哨办' });
  expect(text).toBe(false);
  const img = PNG.sync.read(png);
  expect([img.width, img.height]).toEqual([POSTER_WIDTH, POSTER_HEIGHT]);
  expect(jsQR(new Uint8ClampedArray(img.data), img.width, img.height)?.data).toBe('pt-wl-school');
  expect(warn).toHaveBeenCalled();
});
