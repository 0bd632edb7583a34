import { StaffInbox } from '../shared/StaffInbox'

export default function GridInbox() {
  return <StaffInbox role='grid' />
}
