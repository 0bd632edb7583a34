import { SupervisedBadge } from '../../components/SupervisedBadge'
import { StaffInbox } from '../shared/StaffInbox'

export default function TownshipInbox() {
  return <StaffInbox role='township' headerAction={<SupervisedBadge role='township' />} />
}
