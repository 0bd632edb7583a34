// Conformance of the twin's phonenumber.getPhoneNumber (POST /wxa/business/getuserphonenumber) through the
// real wx-server-sdk: the reply shape WeChat documents (phone_info → phoneInfo after the SDK's case
// conversion), one-time codes, errcode 40029 for wrong or spent codes, 47001 for a missing code.
import type { TwinHandle } from '../../twin/server';
import { connectSdk, rejection, startTestTwin, type WxCloud } from './harness';

let twin: TwinHandle;
let cloud: WxCloud;

beforeAll(async () => {
  twin = await startTestTwin();
  cloud = connectSdk(twin.url);
});
afterAll(() => twin.close());

test('a development code yields the number it names, in WeChat\'s reply shape', async () => {
  const res = await cloud.openapi.phonenumber.getPhoneNumber({ code: 'twin-phone-13912345678' });
  expect(res).toMatchObject({
    errCode: 0,
    phoneInfo: { phoneNumber: '13912345678', purePhoneNumber: '13912345678', countryCode: '86', watermark: { timestamp: expect.any(Number) } },
  });
  const tagged = await cloud.openapi.phonenumber.getPhoneNumber({ code: 'twin-phone-13912345678-second' });
  expect(tagged.phoneInfo.purePhoneNumber).toBe('13912345678');
});

test('other development codes map to a stable 138… number', async () => {
  const a = await cloud.openapi.phonenumber.getPhoneNumber({ code: 'twin-phone-alice' });
  expect(a.phoneInfo.purePhoneNumber).toMatch(/^138\d{8}$/);
  const b = await cloud.openapi.phonenumber.getPhoneNumber({ code: 'twin-phone-bob' });
  expect(b.phoneInfo.purePhoneNumber).not.toBe(a.phoneInfo.purePhoneNumber);
});

test('a code works once; wrong and missing codes are WeChat errors', async () => {
  await cloud.openapi.phonenumber.getPhoneNumber({ code: 'twin-phone-once' });
  const spent = await rejection(cloud.openapi.phonenumber.getPhoneNumber({ code: 'twin-phone-once' }));
  expect(spent.errCode).toBe(40029);
  expect(spent.errMsg).toContain('code has been used');
  expect((await rejection(cloud.openapi.phonenumber.getPhoneNumber({ code: '0a3Xyz-not-from-the-button' }))).errCode).toBe(40029);
  expect((await rejection(cloud.openapi.phonenumber.getPhoneNumber({}))).errCode).toBe(47001);
});
