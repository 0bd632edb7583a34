// weapp transport: the platform's own cloud client. Identity (OPENID) is added by WeChat.
import Taro from '@tarojs/taro';
import type { Transport } from './cloud';

export const weappTransport: Transport = {
  async callFunction(name, data) {
    const res = await Taro.cloud.callFunction({ name, data: data as Record<string, unknown> });
    return res.result;
  },
  uploadFile(filePath, cloudPath, onProgress) {
    // Progress is only reported in callback style (see notes on wx.cloud.uploadFile).
    return new Promise((resolve, reject) => {
      const task = Taro.cloud.uploadFile({
        filePath,
        cloudPath,
        success: (res) => resolve(res.fileID),
        fail: reject,
      } as Taro.cloud.UploadFileParam) as unknown as { onProgressUpdate?: (cb: (p: { progress: number }) => void) => void };
      task?.onProgressUpdate?.((p) => onProgress?.(p.progress));
    });
  },
  async getTempFileURLs(fileIDs) {
    const res = await Taro.cloud.getTempFileURL({ fileList: fileIDs });
    return Object.fromEntries(res.fileList.map((f) => [f.fileID, f.tempFileURL]));
  },
};
