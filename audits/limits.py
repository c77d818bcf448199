"""Length limits of the audits area's free text, one set for page forms, API serializers and
services, so no entry point accepts what another refuses. The services check with
`check_length` (shared with certification.limits)."""

from certification.limits import check_length, required_text

__all__ = ["check_length", "required_text"]

NOTE_MAX_LENGTH = 4000  # the employer's or the reviewer's note on an item
REASONS_MAX_LENGTH = 4000  # pre-assessment return reasons
SUMMARY_MAX_LENGTH = 8000  # the desk review's summary for the report
FINDING_MAX_LENGTH = 4000  # one reviewer finding
CAP_DESCRIPTION_MAX_LENGTH = 4000
CAP_ACTION_MAX_LENGTH = 4000
CAP_OWNER_MAX_LENGTH = 200  # CapItem.owner is a CharField(max_length=200)
CAP_RETURN_REASON_MAX_LENGTH = 4000
TOOL_DESCRIPTION_MAX_LENGTH = 4000  # an audit tool version's description (import)
