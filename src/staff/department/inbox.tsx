import { StaffInbox } from '../shared/StaffInbox'

export default function DepartmentInbox() {
  return <StaffInbox role='department' />
}
