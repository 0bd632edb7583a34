// The one typed client every page uses to reach the backend. Pages never know the platform:
// weapp builds go through wx.cloud (Taro.cloud); H5 builds talk to the local twin's HTTP gateway.
import Taro from '@tarojs/taro';
import type { Api } from '../../domain/api';
import type { ApiReply, InputOf, OutputOf } from '../../domain/api/spec';
import { h5Transport } from './transport-h5';
import { weappTransport } from './transport-weapp';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly rule?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface Transport {
  callFunction(name: string, data: unknown): Promise<unknown>;
  uploadFile(filePath: string, cloudPath: string, onProgress?: (percent: number) => void): Promise<string>;
  getTempFileURLs(fileIDs: string[]): Promise<Record<string, string>>;
}

const transport: Transport = process.env.TARO_ENV === 'h5' ? h5Transport : weappTransport;

export function initCloud(): void {
  if (process.env.TARO_ENV !== 'h5') {
    Taro.cloud.init({ env: process.env.TARO_APP_CLOUD_ENV || undefined, traceUser: true });
  }
}

export async function callFunction<F extends keyof Api & string, A extends keyof Api[F] & string>(
  name: F,
  action: A,
  payload: InputOf<Api[F][A]>,
): Promise<OutputOf<Api[F][A]>> {
  let reply: ApiReply<OutputOf<Api[F][A]>>;
  try {
    reply = (await transport.callFunction(name, { action, payload })) as ApiReply<OutputOf<Api[F][A]>>;
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError('NETWORK', '网络不稳定，请检查网络后重试');
  }
  if (!reply || typeof reply !== 'object') throw new ApiError('BAD_REPLY', '服务暂时不可用，请稍后再试');
  if (!reply.ok) throw new ApiError(reply.error.code, reply.error.message, reply.error.rule);
  return reply.data;
}

export function uploadFile(filePath: string, cloudPath: string, onProgress?: (percent: number) => void): Promise<string> {
  return transport.uploadFile(filePath, cloudPath, onProgress).catch((err) => {
    throw err instanceof ApiError ? err : new ApiError('UPLOAD_FAILED', '照片上传失败，请重试');
  });
}

export function getTempFileURLs(fileIDs: string[]): Promise<Record<string, string>> {
  return fileIDs.length ? transport.getTempFileURLs(fileIDs) : Promise.resolve({});
}
