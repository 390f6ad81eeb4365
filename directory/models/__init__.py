from directory.models.feedback import ProblemReport, Submission
from directory.models.index import (
    ProgramSearchCounty,
    ProgramSearchEntry,
    ProgramSearchHelp,
    ProgramSearchLanguage,
    ProgramSearchNeed,
    ProgramSearchState,
)
from directory.models.pages import DirectoryIndexPage, ProgramPage, ProgramPageForm
from directory.models.snippets import NeedCategory, Organisation, Region

__all__ = [
    "DirectoryIndexPage",
    "NeedCategory",
    "ProblemReport",
    "Organisation",
    "ProgramPage",
    "ProgramPageForm",
    "ProgramSearchCounty",
    "ProgramSearchEntry",
    "ProgramSearchHelp",
    "ProgramSearchLanguage",
    "ProgramSearchNeed",
    "ProgramSearchState",
    "Region",
    "Submission",
]
