import { StaffInbox } from '../shared/StaffInbox'

export default function TownshipInbox() {
  return <StaffInbox role='township' />
}
