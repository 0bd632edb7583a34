// Temporary download URLs for the photos a view shows, fetched in one call.
import { sdk } from './sdk';

export async function tempUrls(fileIds: string[]): Promise<Record<string, string>> {
  const urls: Record<string, string> = {};
  const unique = [...new Set(fileIds)];
  if (!unique.length) return urls;
  const res = await sdk().getTempFileURL({ fileList: unique });
  for (const f of (res as { fileList: { fileID: string; tempFileURL: string }[] }).fileList) urls[f.fileID] = f.tempFileURL;
  return urls;
}
