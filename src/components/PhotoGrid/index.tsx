import Taro from '@tarojs/taro'
import { Image, View } from '@tarojs/components'
import './index.scss'

export interface PhotoGridProps {
  /** Image URLs (empty entries, e.g. a file whose URL could not be fetched, are skipped). */
  urls: string[]
  small?: boolean
}

/** Read-only photos; tapping one opens the full-screen viewer. */
export function PhotoGrid({ urls, small }: PhotoGridProps) {
  const shown = urls.filter(Boolean)
  if (!shown.length) return null
  const preview = (current: string) => void Taro.previewImage({ urls: shown, current }).catch(() => undefined)
  return (
    <View className={`photo-grid${small ? ' photo-grid--small' : ''}`}>
      {shown.map((url) => (
        <Image key={url} className='photo-grid__image' src={url} mode='aspectFill' onClick={() => preview(url)} aria-label='查看大图' />
      ))}
    </View>
  )
}

export default PhotoGrid
