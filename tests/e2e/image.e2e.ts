// Browser e2e of the on-device photo pipeline (src/utils/image) and the QR place entry, in headless
// Chromium against the H5 build + twin: a real 4032×3024 camera-sized JPEG carrying EXIF with GPS is
// attached in the report page; what the twin stores must be ≤ 1600 px on the long edge, ≤ 300 KB and
// free of EXIF. The page is opened the way a poster's QR code opens it (?scene=<point code>).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { E2eEnv } from './harness';
import { e2eSession } from './session';
import type { Browser } from './steps';

let env: E2eEnv;
let b: Browser;
e2eSession((s) => void ({ env, b } = s));

const RESIDENT = 'demo-resident';

/** A noisy 4032×3024 JPEG (a 12 MP phone photo) with camera and GPS EXIF. */
async function cameraPhoto(): Promise<Buffer> {
  const buf = await sharp({ create: { width: 4032, height: 3024, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: 'ShaoshengTestCam', Model: 'E2E' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '29/1 42/1 2880/100', GPSLongitudeRef: 'E', GPSLongitude: '116/1 0/1 1188/100' },
    })
    .toBuffer();
  const meta = await sharp(buf).metadata();
  assert.equal(meta.width, 4032);
  assert.equal(meta.height, 3024);
  assert.ok(meta.exif && meta.exif.includes('ShaoshengTestCam'), 'the fixture carries EXIF');
  return buf;
}

test('a 4032×3024 photo with GPS EXIF is stored ≤ 1600 px, ≤ 300 KB, without EXIF; QR entry prefills the place', async () => {
  const page = b.page;
  const original = await cameraPhoto();
  await b.signInAs(RESIDENT);
  await b.go('/pages/report/index?scene=pt-fm-b3');

  await b.step('QR place prefilled', async () => {
    await page.locator('#report-place').filter({ hasText: '富民社区3栋消防通道' }).waitFor();
    assert.match(await page.locator('#report-grid').innerText(), /富民社区第六网格/);
    await page.locator('#report-qr-types .quick-chips__chip').first().waitFor();
  });

  const fileID = await b.step('photo prepared and uploaded', async () => {
    await b.fill('report-text', '消防通道被电动车堵住了，车都进不来');
    const uploaded = page.waitForResponse('**/_client/uploadFile', { timeout: 60_000 });
    const chooser = page.waitForEvent('filechooser');
    await page.locator('#photo-picker-add').click();
    await (await chooser).setFiles({ name: 'IMG_4032.jpg', mimeType: 'image/jpeg', buffer: original });
    const body = (await (await uploaded).json()) as { fileID?: string };
    await page.locator('.photo-picker__item--done').first().waitFor({ timeout: 60_000 });
    assert.ok(body.fileID, 'the upload answered with a fileID');
    return body.fileID as string;
  });

  await b.step('stored file checked', async () => {
    const res = await fetch(`${env.twinUrl}/_client/getTempFileURL`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shaosheng-openid': RESIDENT },
      body: JSON.stringify({ fileList: [fileID] }),
    });
    const { fileList } = (await res.json()) as { fileList: { tempFileURL: string }[] };
    const url = new URL(fileList[0].tempFileURL, env.twinUrl).toString();
    const stored = Buffer.from(await (await fetch(url)).arrayBuffer());
    const meta = await sharp(stored).metadata();
    console.log(`# stored photo: ${meta.width}×${meta.height}, ${stored.length} bytes (original ${original.length} bytes), exif ${meta.exif ? 'present' : 'none'}`);
    assert.equal(meta.format, 'jpeg');
    assert.ok(Math.max(meta.width ?? 0, meta.height ?? 0) <= 1600, `long edge ${meta.width}×${meta.height}`);
    assert.ok(Math.max(meta.width ?? 0, meta.height ?? 0) >= 800, `not needlessly tiny: ${meta.width}×${meta.height}`);
    assert.ok(stored.length <= 300 * 1024, `${stored.length} bytes`);
    assert.equal(meta.exif, undefined, 'no EXIF (and so no GPS) in the stored file');
    assert.ok(!stored.includes('ShaoshengTestCam'), 'no camera tag anywhere in the file');
  });

  await b.step('submitted from the QR place', async () => {
    await page.locator('#report-submit').click();
    await page.locator('#case-text').waitFor();
    assert.match(await page.locator('#case-text').innerText(), /消防通道被电动车堵住了/);
  });
});
