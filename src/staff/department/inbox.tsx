import { SupervisedBadge } from '../../components/SupervisedBadge'
import { StaffInbox } from '../shared/StaffInbox'

export default function DepartmentInbox() {
  return <StaffInbox role='department' headerAction={<SupervisedBadge role='department' />} />
}
