// The 吹哨办's QR places page (src/staff/places): the list, the create form's checks and what upsertPlace
// is sent, and a place's code shown as an image. Only callFunction from src/services/cloud is replaced.
import type { PlaceList } from '../../domain/api/admin'
import PlacesPage from '../../src/staff/places/index'
import { placeFromDraft, newDraft } from '../../src/staff/places/placeDraft'
import { countyInfo } from './countyInfo'
import { usePageHarness } from './pageHarness'

const township = countyInfo.townships[0]
const community = township.communities[0]
const grid = community.grids[0]
const seeded = countyInfo.qrPoints[0]

const places: PlaceList = {
  version: 7,
  items: [{ ...seeded, gridName: '某街道某社区某网格', hasCode: false }],
}

describe('QR places page', () => {
  const h = usePageHarness({
    'config.county': () => countyInfo,
    'admin.listPlaces': () => places,
    'admin.upsertPlace': () => ({ version: 8, changed: true, change: null }),
    'admin.placeCode': (payload) => ({ fileID: 'cloud://x/qrcodes/a.png', url: 'http://twin/qrcodes/a.png', scene: payload.code, page: 'pages/report/index' }),
  })
  const { flush, $, click, text, rowWithText } = h
  const type = (id: string, value: string) => h.type(`#${id}`, value)

  async function mount() {
    await h.mount(PlacesPage)
    await h.testUtils.queries.waitForQuerySelector(`#place-${seeded.code}`)
    await flush()
  }

  it('lists places with their grid and suggested types', async () => {
    await mount()
    expect(text()).toContain(seeded.name)
    expect(text()).toContain('某街道某社区某网格')
    const firstType = countyInfo.matterTypes.find((m) => m.code === seeded.suggestedMatterTypes[0])!
    expect(text()).toContain(firstType.name)
    expect(text()).toContain('生成二维码')
  })

  it('creates a place: checks the form in Chinese, then sends upsertPlace with the list version', async () => {
    await mount()
    await click($('#place-new'))
    await click($('#place-save'))
    expect(text()).toContain('点位编码只能使用小写字母')
    expect(h.calls.some(([, action]) => action === 'upsertPlace')).toBe(false)

    await type('place-code', 'pt-new-01')
    await type('place-name', '新建点位')
    await click(rowWithText(township.name))
    await click(rowWithText(grid.name))
    // Choosing the grid fills in its centre as the location.
    expect(($('#place-lat textarea') as HTMLTextAreaElement).value).toBe(String(grid.center.lat))
    await click($('#place-save'))
    const sent = h.calls.filter(([, action]) => action === 'upsertPlace').map(([, , payload]) => payload)
    expect(sent).toEqual([
      {
        expectedVersion: 7,
        reason: '',
        place: { code: 'pt-new-01', name: '新建点位', grid: grid.code, lat: grid.center.lat, lng: grid.center.lng, suggestedMatterTypes: [] },
      },
    ])
  })

  it('shows the generated code as an image', async () => {
    await mount()
    await click($(`#place-${seeded.code}-code`))
    expect(h.calls).toContainEqual(['admin', 'placeCode', { code: seeded.code }])
    await h.testUtils.queries.waitForQuerySelector('.places__img')
    expect(document.body.innerHTML).toContain('http://twin/qrcodes/a.png')
  })
})

test('placeFromDraft refuses bad coordinates and codes', () => {
  const base = { ...newDraft(), code: 'pt-1', name: '点位', grid: 'g1', lat: '29.7', lng: '116.1' }
  expect(placeFromDraft(base)).toMatchObject({ ok: true, place: { lat: 29.7, lng: 116.1 } })
  expect(placeFromDraft({ ...base, lat: 'abc' })).toMatchObject({ ok: false })
  expect(placeFromDraft({ ...base, lng: '200' })).toMatchObject({ ok: false })
  expect(placeFromDraft({ ...base, code: 'PT_1' })).toMatchObject({ ok: false })
  expect(placeFromDraft({ ...base, grid: null })).toMatchObject({ ok: false, message: '请选择点位所在的网格' })
})
