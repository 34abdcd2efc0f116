"""What an indicator is computed over: one programme, an optional date range, an age reference date."""
from dataclasses import dataclass
from datetime import date

#: (key, lowest age, highest age); None = open-ended. Keys are stable: exports and targets use them.
AGE_BANDS = (("under_15", None, 14), ("15_24", 15, 24), ("25_29", 25, 29), ("30_plus", 30, None))
#: session kinds whose hours count as training, and as mentoring
TRAINING_KINDS = ("training", "on_the_job", "assessment", "other")
MENTORING_KINDS = ("mentoring", "remote_mentoring")
#: attendance statuses that count as attended; "excused" is left out of the denominator
ATTENDED = ("present", "late")
#: outcome kinds that count as a job
JOB_KINDS = ("employed", "self_employed")


@dataclass(frozen=True)
class Period:
    """``start``/``end`` bound session dates, outcome start dates and enrolment (inclusive).

    ``reference`` is the date ages are computed at (docs/indicators.md): the
    period's end when given, else today.
    """

    programme_id: str
    start: date | None = None
    end: date | None = None
    reference: date | None = None

    @property
    def age_reference(self) -> date:
        return self.reference or self.end or date.today()

    def bounds(self, column) -> list:
        clauses = []
        if self.start is not None:
            clauses.append(column >= self.start)
        if self.end is not None:
            clauses.append(column <= self.end)
        return clauses


def age_band(age: int) -> str:
    for key, low, high in AGE_BANDS:
        if (low is None or age >= low) and (high is None or age <= high):
            return key
    raise ValueError(age)
