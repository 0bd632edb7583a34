// H5 transport: the local CloudBase twin's HTTP gateway on the same origin (the H5 dev server proxies
// /_client to the twin). The development identity travels in a header the twin only honours in dev mode.
import Taro from '@tarojs/taro';
import type { Transport } from './cloud';
import { devIdentity } from './dev-identity';

const base = (process.env.TARO_APP_TWIN_URL || '').replace(/\/$/, '');

function headers(json: boolean): Record<string, string> {
  const h: Record<string, string> = {};
  if (json) h['content-type'] = 'application/json';
  const openid = devIdentity.get();
  if (openid) h['x-shaosheng-openid'] = openid;
  return h;
}

async function postJson(path: string, body: unknown): Promise<any> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: headers(true), body: JSON.stringify(body) });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new Error(json?.errMsg ?? `HTTP ${res.status}`);
  return json;
}

export const h5Transport: Transport = {
  async callFunction(name, data) {
    return (await postJson('/_client/callFunction', { name, data })).result;
  },
  uploadFile(filePath, cloudPath, onProgress) {
    return new Promise((resolve, reject) => {
      const task = Taro.uploadFile({
        url: `${base}/_client/uploadFile`,
        filePath,
        name: 'file',
        header: headers(false),
        formData: { cloudPath },
        // Taro H5 defaults to credentialed CORS; the gateway authenticates by header, not cookies.
        withCredentials: false,
        success: (res) => {
          try {
            const body = JSON.parse(res.data);
            if (res.statusCode === 200 && body.fileID) resolve(body.fileID);
            else reject(new Error(body.errMsg ?? `HTTP ${res.statusCode}`));
          } catch (err) {
            reject(err);
          }
        },
        fail: reject,
      });
      task?.progress?.((p) => onProgress?.(p.progress));
      // The returned promise mirrors success/fail above; keep its rejection from going unhandled.
      (task as unknown as Promise<unknown> | undefined)?.catch?.(() => undefined);
    });
  },
  async getTempFileURLs(fileIDs) {
    const res = await postJson('/_client/getTempFileURL', { fileList: fileIDs });
    return Object.fromEntries((res.fileList as { fileID: string; tempFileURL: string }[]).map((f) => [f.fileID, f.tempFileURL]));
  },
};
