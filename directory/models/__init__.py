from directory.models.confirmations import ConfirmationRequest
from directory.models.directory_index import DirectoryIndexPage
from directory.models.feedback import ProblemReport, Submission
from directory.models.link_checks import LinkCheck
from directory.models.pages import ProgramPage, ProgramPageForm
from directory.models.places import PickableCounty, PickablePlace, PickableState
from directory.models.poverty import PovertyGuideline
from directory.models.reopen_alerts import ReopenAlert
from directory.models.snippets import NeedCategory, Organisation, Region
from directory.models.verification_claims import VerificationClaim
from directory.models.ways_to_help import WayToHelp

__all__ = [
    "ConfirmationRequest",
    "DirectoryIndexPage",
    "LinkCheck",
    "NeedCategory",
    "ProblemReport",
    "Organisation",
    "PickableCounty",
    "PickablePlace",
    "PickableState",
    "PovertyGuideline",
    "ProgramPage",
    "ProgramPageForm",
    "Region",
    "ReopenAlert",
    "Submission",
    "VerificationClaim",
    "WayToHelp",
]
