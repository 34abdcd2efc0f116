"""The data model (DESIGN.md "Data model"), one entity per module."""
from .assessment import Assessment
from .attendance import ATTENDANCE_NAMESPACE, ATTENDANCE_STATUSES, Attendance, attendance_id
from .audit import AuditLog
from .changelog import AppliedMutation, ChangeLog
from .cohort import Cohort, CohortStaff
from .db import db, new_id, utcnow
from .device import DeviceToken, PushSubscription
from .handover_note import HandoverNote
from .mentoring_goal import GOAL_STATUSES, MentoringGoal
from .notification_prefs import NotificationPrefs
from .occupation import Occupation, RubricLevel
from .organisation import Organisation, OrganisationAdmin
from .outcome import CONTRACTS, OUTCOME_KINDS, Outcome
from .participant import GENDERS, TARGET_GROUPS, Participant
from .programme import Programme
from .push_delivery import DELIVERY_STATES, PushDelivery
from .review import Conflict, Review
from .session import SESSION_KINDS, TrainingSession
from .sign_in_code import SignInCode
from .site import Site
from .skill import Skill
from .survey import SurveyForm, SurveyResponse
from .user import ROLES, Membership, User, username_key

#: wire entity name → model, for every entity that travels by sync
SYNCED_MODELS = {
    m.entity: m
    for m in (
        Participant, TrainingSession, Attendance, Assessment, MentoringGoal, Outcome, SurveyResponse, HandoverNote,
        Programme, Site, Cohort, Occupation, Skill, SurveyForm, User, Review,
    )
}
WRITABLE_ENTITIES = frozenset(e for e, m in SYNCED_MODELS.items() if m.writable_fields)

__all__ = [name for name in dir() if not name.startswith("_")]
