import Taro from '@tarojs/taro'
import { Image, Text, View } from '@tarojs/components'
import './index.scss'

export interface PhotoPickerProps {
  /** Local temp paths of the chosen photos. */
  value: string[]
  onChange: (paths: string[]) => void
  max?: number
}

/**
 * Placeholder photo picker: camera or album, compressed, thumbnails with remove.
 * Compression, upload and progress belong to the report flow (src/services/cloud.ts).
 */
export function PhotoPicker({ value, onChange, max = 3 }: PhotoPickerProps) {
  const pick = async () => {
    try {
      const res = await Taro.chooseMedia({
        count: max - value.length,
        mediaType: ['image'],
        sizeType: ['compressed'],
        sourceType: ['camera', 'album'],
      })
      onChange([...value, ...res.tempFiles.map((file) => file.tempFilePath)].slice(0, max))
    } catch {
      // The user closed the picker: nothing to do.
    }
  }
  const remove = (index: number) => onChange(value.filter((_, i) => i !== index))

  return (
    <View className='photo-picker'>
      {value.map((path, index) => (
        <View key={path} className='photo-picker__item'>
          <Image className='photo-picker__image' src={path} mode='aspectFill' />
          <View className='photo-picker__remove' onClick={() => remove(index)} aria-label='删除这张照片'>
            ×
          </View>
        </View>
      ))}
      {value.length < max ? (
        <View className='photo-picker__add' onClick={pick} aria-label='拍照或从相册选择'>
          <Text className='photo-picker__plus'>+</Text>
          <Text className='photo-picker__label'>拍照 / 相册</Text>
        </View>
      ) : null}
    </View>
  )
}

export default PhotoPicker
