// On-device photo preparation before upload: long edge ≤ 1600 px, ≤ 300 KB, re-encoded as JPEG.
// Re-encoding through a canvas keeps only the pixels, so EXIF (GPS, camera, time) never leaves the phone.
import Taro from '@tarojs/taro'

export const MAX_EDGE = 1600
export const MAX_BYTES = 300 * 1024
/** JPEG qualities tried in turn until the file is small enough. */
export const QUALITIES = [0.82, 0.72, 0.62, 0.52, 0.42, 0.34]

export interface PreparedImage {
  path: string
  width: number
  height: number
  bytes: number
}

/** Size that fits the long edge into `max`, aspect kept; never enlarges. */
export function fitSize(width: number, height: number, max = MAX_EDGE): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height))
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) }
}

/**
 * Encodes at falling qualities until one result is ≤ MAX_BYTES (or the lowest quality is reached),
 * then shrinks the picture by a quarter and tries again if even that is too large.
 */
async function encodeWithin<T extends { bytes: number }>(size: { width: number; height: number }, encode: (size: { width: number; height: number }, quality: number) => Promise<T>): Promise<T> {
  let current = size
  for (;;) {
    let result: T | undefined
    for (const quality of QUALITIES) {
      result = await encode(current, quality)
      if (result.bytes <= MAX_BYTES) return result
    }
    if (current.width <= 400 && current.height <= 400) return result as T
    current = fitSize(current.width, current.height, Math.round(Math.max(current.width, current.height) * 0.75))
  }
}

async function prepareH5(path: string): Promise<PreparedImage> {
  const source = await fetch(path).then((res) => res.blob())
  const bitmap = await createImageBitmap(source)
  try {
    const canvas = document.createElement('canvas')
    const ctx = canvas.getContext('2d')
    if (!ctx) throw new Error('canvas 2d unavailable')
    const result = await encodeWithin(fitSize(bitmap.width, bitmap.height), async (size, quality) => {
      canvas.width = size.width
      canvas.height = size.height
      ctx.drawImage(bitmap, 0, 0, size.width, size.height)
      const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob failed'))), 'image/jpeg', quality))
      return { blob, ...size, bytes: blob.size }
    })
    return { path: URL.createObjectURL(result.blob), width: result.width, height: result.height, bytes: result.bytes }
  } finally {
    bitmap.close?.()
  }
}

async function fileSize(path: string): Promise<number> {
  const info = await Taro.getFileSystemManager().statSync(path)
  return (info as { size: number }).size
}

async function prepareWeapp(path: string): Promise<PreparedImage> {
  const info = await Taro.getImageInfo({ src: path })
  const canvas = Taro.createOffscreenCanvas({ type: '2d', width: 1, height: 1 }) as unknown as {
    width: number
    height: number
    getContext(type: '2d'): { drawImage(img: unknown, x: number, y: number, w: number, h: number): void }
    createImage(): { src: string; onload: () => void; onerror: (e: unknown) => void }
  }
  const image = canvas.createImage()
  await new Promise<void>((resolve, reject) => {
    image.onload = () => resolve()
    image.onerror = reject
    image.src = info.path || path
  })
  const ctx = canvas.getContext('2d')
  return encodeWithin(fitSize(info.width, info.height), async (size, quality) => {
    canvas.width = size.width
    canvas.height = size.height
    ctx.drawImage(image, 0, 0, size.width, size.height)
    const res = await Taro.canvasToTempFilePath({ canvas: canvas as never, fileType: 'jpg', quality, destWidth: size.width, destHeight: size.height } as Taro.canvasToTempFilePath.Option)
    return { path: res.tempFilePath, ...size, bytes: await fileSize(res.tempFilePath) }
  })
}

/** The picked photo, resized, compressed and stripped of metadata, ready for uploadFile. */
export function prepareImage(path: string): Promise<PreparedImage> {
  return process.env.TARO_ENV === 'h5' ? prepareH5(path) : prepareWeapp(path)
}
