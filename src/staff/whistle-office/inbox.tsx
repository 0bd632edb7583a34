import { StaffInbox } from '../shared/StaffInbox'

export default function WhistleOfficeInbox() {
  return <StaffInbox role='whistle-office' />
}
