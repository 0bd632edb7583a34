import { StaffInbox } from '../shared/StaffInbox'

export default function CommunityInbox() {
  return <StaffInbox role='community' />
}
