import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { getTempFileURLs, uploadFile } from '../services/cloud'
import { prepareImage } from '../utils/image'
import { randomToken, yearMonth } from '../utils/format'

export type PhotoStatus = 'uploading' | 'done' | 'failed'

export interface PhotoItem {
  key: string
  /** Local path of the picked file (weapp temp path, H5 blob URL): what an upload (or retry) sends. */
  path: string
  /** What the thumbnail shows: the local path, or the stored file's temporary URL for a restored draft. */
  preview: string
  fileID?: string
  /** 0–100 while uploading. */
  progress: number
  status: PhotoStatus
}

/** What a draft keeps of a photo. */
export interface StoredPhoto {
  path: string
  fileID?: string
}

function cloudPathIn(folder: string): string {
  return `${folder}/${yearMonth()}/${randomToken(20)}.jpg`
}

/**
 * Photos picked for a form, each uploaded as soon as it is picked, with progress and retry.
 * `folder` is the storage folder (e.g. 'reports'); `initial` restores photos kept in a draft:
 * uploaded ones stay uploaded, unfinished ones come back as failed so they can be retried.
 */
export function usePhotoUploads(folder: string, initial: StoredPhoto[] = []) {
  const [items, setItems] = useState<PhotoItem[]>(() =>
    initial.map((p) => ({
      key: randomToken(),
      path: p.path,
      preview: p.path,
      fileID: p.fileID,
      progress: p.fileID ? 100 : 0,
      status: p.fileID ? 'done' : 'failed',
    })),
  )
  const alive = useRef(true)
  useEffect(() => {
    alive.current = true
    return () => {
      alive.current = false
    }
  }, [])

  const update = useCallback((key: string, patch: Partial<PhotoItem>) => {
    if (alive.current) setItems((list) => list.map((item) => (item.key === key ? { ...item, ...patch } : item)))
  }, [])

  // A restored draft's local files may be gone (H5 blob URLs die with the page): show the stored copies.
  useEffect(() => {
    const ids = items.filter((item) => item.fileID).map((item) => item.fileID as string)
    if (!ids.length) return
    getTempFileURLs(ids)
      .then((urls) => {
        if (alive.current) setItems((list) => list.map((item) => (item.fileID && urls[item.fileID] ? { ...item, preview: urls[item.fileID] } : item)))
      })
      .catch(() => undefined)
    // Only for the photos restored on mount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  const start = useCallback(
    (key: string, path: string) => {
      update(key, { status: 'uploading', progress: 0 })
      // Resized, compressed and stripped of EXIF/GPS on the device first (src/utils/image).
      prepareImage(path)
        .then((prepared) => uploadFile(prepared.path, cloudPathIn(folder), (progress) => update(key, { progress })))
        .then((fileID) => update(key, { status: 'done', progress: 100, fileID }))
        .catch(() => update(key, { status: 'failed' }))
    },
    [folder, update],
  )

  const add = useCallback(
    (paths: string[]) => {
      const added = paths.map((path): PhotoItem => ({ key: randomToken(), path, preview: path, progress: 0, status: 'uploading' }))
      setItems((list) => [...list, ...added])
      for (const item of added) start(item.key, item.path)
    },
    [start],
  )

  const retry = useCallback(
    (key: string) => {
      const item = items.find((i) => i.key === key)
      if (item && item.status === 'failed') start(key, item.path)
    },
    [items, start],
  )

  const remove = useCallback((key: string) => setItems((list) => list.filter((item) => item.key !== key)), [])

  const derived = useMemo(
    () => ({
      /** fileIDs of the uploaded photos, in order. */
      fileIDs: items.filter((i) => i.status === 'done' && i.fileID).map((i) => i.fileID as string),
      uploading: items.some((i) => i.status === 'uploading'),
      failed: items.some((i) => i.status === 'failed'),
      /** What a draft keeps. */
      stored: items.map((i): StoredPhoto => (i.fileID ? { path: i.path, fileID: i.fileID } : { path: i.path })),
    }),
    [items],
  )

  return { items, add, retry, remove, ...derived }
}
