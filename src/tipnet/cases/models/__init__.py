from .base import CaseChild, TenantRecord
from .case import Case, CaseSequence, SearchDigest
from .details import (
    Alias,
    Attachment,
    CaseComment,
    ConsentRecord,
    ContactDetail,
    IdentityDocument,
    Movement,
    Perpetrator,
)
from .person import Person

__all__ = [
    "Alias", "Attachment", "Case", "CaseChild", "CaseComment", "CaseSequence", "ConsentRecord",
    "ContactDetail", "IdentityDocument", "Movement", "Perpetrator", "Person", "SearchDigest",
    "TenantRecord",
]
