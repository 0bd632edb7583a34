import Taro from '@tarojs/taro'
import { Image, Text, View } from '@tarojs/components'
import type { PhotoItem } from '../../hooks/usePhotoUploads'
import './index.scss'

export interface PhotoPickerProps {
  /** The photos with their upload state (see usePhotoUploads). */
  items: PhotoItem[]
  /** Local paths just picked. */
  onAdd: (paths: string[]) => void
  onRemove: (key: string) => void
  onRetry: (key: string) => void
  max?: number
}

function Overlay({ item, onRetry }: { item: PhotoItem; onRetry: () => void }) {
  if (item.status === 'uploading') {
    return (
      <View className='photo-picker__overlay' aria-live='polite'>
        <Text className='photo-picker__status'>上传中 {item.progress}%</Text>
        <View className='photo-picker__bar'>
          <View className='photo-picker__bar-fill' style={{ width: `${item.progress}%` }} />
        </View>
      </View>
    )
  }
  if (item.status === 'failed') {
    return (
      <View className='photo-picker__overlay photo-picker__overlay--failed' onClick={onRetry} role='button'>
        <Text className='photo-picker__status'>上传失败</Text>
        <Text className='photo-picker__retry'>点此重试</Text>
      </View>
    )
  }
  return null
}

/**
 * Camera or album, thumbnails with upload progress, retry and remove.
 * In H5, Taro's chooseMedia opens a hidden <input type="file" id="taroChooseMedia">.
 */
export function PhotoPicker({ items, onAdd, onRemove, onRetry, max = 9 }: PhotoPickerProps) {
  const pick = async () => {
    try {
      const res = await Taro.chooseMedia({
        count: max - items.length,
        mediaType: ['image'],
        sizeType: ['compressed'],
        sourceType: ['camera', 'album'],
      })
      const paths = res.tempFiles.map((file) => file.tempFilePath).slice(0, max - items.length)
      if (paths.length) onAdd(paths)
    } catch {
      // The user closed the picker: nothing to do.
    }
  }

  return (
    <View className='photo-picker'>
      {items.map((item) => (
        <View key={item.key} className={`photo-picker__item photo-picker__item--${item.status}`}>
          <Image className='photo-picker__image' src={item.preview} mode='aspectFill' />
          <Overlay item={item} onRetry={() => onRetry(item.key)} />
          <View className='photo-picker__remove' onClick={() => onRemove(item.key)} role='button' aria-label='删除这张照片'>
            ×
          </View>
        </View>
      ))}
      {items.length < max ? (
        <View id='photo-picker-add' className='photo-picker__add' onClick={pick} role='button' aria-label='拍照或从相册选择'>
          <Text className='photo-picker__plus'>+</Text>
          <Text className='photo-picker__label'>拍照 / 相册</Text>
        </View>
      ) : null}
    </View>
  )
}

export default PhotoPicker
