import { useState } from 'react'
import { Map as MapView, Text, View, type MapProps } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import type { CaseView } from '../../../domain/api/views'
import { toastError } from '../../utils/feedback'
import { InfoRow } from '../InfoRow'
import './CaseLocation.scss'

/** The point a case was reported at, when it carries coordinates (GPS or a QR point). */
export function casePoint(c: CaseView): { latitude: number; longitude: number } | null {
  const lat = c.place?.lat
  const lng = c.place?.lng
  return typeof lat === 'number' && typeof lng === 'number' ? { latitude: lat, longitude: lng } : null
}

/**
 * 「位置」: in the mini-program a native map with the point and 在地图中打开 (the system map app);
 * H5 has no native map, so only the place name and coordinates.
 */
export function CaseLocation({ c }: { c: CaseView }) {
  const point = casePoint(c)
  const [mapFailed, setMapFailed] = useState(false)
  if (!point) return null
  const name = c.placeLabel
  const coords = `${point.latitude.toFixed(6)}, ${point.longitude.toFixed(6)}`

  return (
    <>
      <Text className='section-title'>位置</Text>
      <View className='card case-detail__location' id='case-location'>
        {process.env.TARO_ENV === 'weapp' ? (
          <>
            {mapFailed ? null : (
              <MapView
                className='case-detail__map'
                latitude={point.latitude}
                longitude={point.longitude}
                scale={16}
                // No iconPath: the mini-program then draws its default pin (Taro's typing requires one).
                markers={[{ id: 0, ...point, title: name, width: 30, height: 40 } as MapProps.marker]}
                showLocation={false}
                style={{ width: '100%', height: '360rpx' }}
                // A map that cannot load leaves the name and 在地图中打开.
                onError={() => setMapFailed(true)}
              />
            )}
            <Text className='hint'>{name}</Text>
            <Button
              id='case-open-location'
              type='default'
              size='large'
              block
              onClick={() => void Taro.openLocation({ ...point, name, scale: 16 }).catch((err: unknown) => toastError(err))}
            >
              在地图中打开
            </Button>
          </>
        ) : (
          <>
            <InfoRow label='地点' value={name} />
            <InfoRow label='坐标' value={coords} />
          </>
        )}
      </View>
    </>
  )
}
