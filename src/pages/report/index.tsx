import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button, TextArea } from '@nutui/nutui-react-taro'
import { PageShell } from '../../components/PageShell'
import { PhotoPicker } from '../../components/PhotoPicker'
import './index.scss'

const MAX_TEXT = 500

/** Resident report: photos, place, a few words. Submission is wired to src/services/cloud.ts by the lead. */
export default function Report() {
  const [photos, setPhotos] = useState<string[]>([])
  const [text, setText] = useState('')

  return (
    <PageShell title='随手拍' subtitle='拍下问题，说清在哪儿，我们转给负责的人'>
      <Text className='section-title'>照片（最多 3 张）</Text>
      <View className='card'>
        <PhotoPicker value={photos} onChange={setPhotos} />
      </View>

      <Text className='section-title'>位置</Text>
      <View className='card report__place'>
        <Text className='hint'>定位功能即将接入</Text>
      </View>

      <Text className='section-title'>问题描述</Text>
      <View className='card'>
        <TextArea
          className='report__text'
          value={text}
          onChange={setText}
          maxLength={MAX_TEXT}
          showCount
          placeholder='例如：小区门口井盖丢了，晚上很危险'
        />
      </View>

      <View className='report__submit'>
        <Button className='big-button' type='primary' size='xlarge' block disabled>
          提交
        </Button>
      </View>
    </PageShell>
  )
}
