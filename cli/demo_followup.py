"""Demo mentoring goals, employment outcomes and field surveys of one programme."""
from datetime import timedelta

from models import MentoringGoal, Outcome, SurveyForm, SurveyResponse

from .demo_content import STAFF
from .demo_phrases import PHRASES
from .demo_records import rng_for
from .demo_surveys import FORMS
from .demo_writer import DemoWriter, demo_id

MAX_GOALS = 3
#: (status, share, due date relative to today as a (from, to) range of days)
GOAL_STATUSES = [("done", 0.3, (-30, -3)), ("in_progress", 0.4, (7, 45)), ("open", 0.25, (14, 75)),
                 ("dropped", 0.05, (-20, -1))]


def load_followup(writer: DemoWriter, programme, sites: dict, spec: dict, plans: list, users: dict):
    for plan in plans:
        load_goals(writer, plan, users)
        load_outcomes(writer, plan, sites)
    load_surveys(writer, programme, sites, spec, plans, users)
    writer.flush()


def load_goals(writer, plan, users):
    programme, phrases = plan.programme, PHRASES[plan.locale]
    writer.prefetch_keys(MentoringGoal, [f"goal:{programme.code}:{p.code}:{n}" for mentees in plan.mentees.values()
                                         for p in mentees for n in range(MAX_GOALS)])
    # a mentor records the goals of their cohorts' trainees; a mentee from another cohort is not theirs to
    # reach until they hold a goal of them: the programme's coordinator sets that mentee's goals up for them
    coordinator = users[next(s["username"] for s in STAFF if ("coordinator", programme.code) in s["roles"])]
    for username, mentees in plan.mentees.items():
        mentor = users[username]
        author = mentor if username in plan.spec["mentors"] else coordinator
        for participant in mentees:
            rng = rng_for(programme.code, participant.code, "goals")
            fitting = [g if isinstance(g, str) else g[0] for g in phrases["goals"]
                       if isinstance(g, str) or g[1] in participant.target_groups or g[1] == participant.gender]
            titles = rng.sample(fitting, rng.choice((1, 2, 2, MAX_GOALS)))
            for number, title in enumerate(titles):
                status, _share, (soonest, latest) = rng.choices(GOAL_STATUSES, weights=[g[1] for g in GOAL_STATUSES])[0]
                notes = rng.choice(phrases["goal_notes"]) if rng.random() < 0.4 else None
                writer.ensure(
                    MentoringGoal, f"goal:{programme.code}:{participant.code}:{number}",
                    programme_id=programme.id, cohort_id=participant.cohort_id, participant_id=participant.id,
                    mentor_id=mentor.id, title=title, status=status,
                    due_on=writer.today + timedelta(days=rng.randint(soonest, latest)), notes=notes,
                    updated_by_id=author.id)


def load_outcomes(writer, plan, sites):
    """The jobs and further training some participants went on to, at the programme's employers."""
    rng = rng_for(plan.spec["code"], "outcomes")
    staying = sorted((p for p in plan.participants if p.exited_on is None), key=lambda p: p.code)
    chosen = rng.sample(staying, len(plan.spec["outcomes"]))
    programme, trainer = plan.programme, plan.trainer
    writer.prefetch_keys(Outcome, [f"outcome:{programme.code}:{plan.spec['code']}:{n}" for n in range(len(chosen))])
    for number, (participant, (kind, employer, contract, verified)) in enumerate(zip(chosen, plan.spec["outcomes"])):
        site = sites.get(employer)
        writer.ensure(
            Outcome, f"outcome:{programme.code}:{plan.spec['code']}:{number}",
            programme_id=programme.id, cohort_id=participant.cohort_id, participant_id=participant.id, kind=kind,
            site_id=site.id if site else None, employer_name=site.name if site else employer,
            started_on=writer.today - timedelta(days=rng.randint(3, 30)), contract=contract, verified=verified,
            updated_by_id=trainer.id)


def load_surveys(writer, programme, sites, spec, plans, users):
    trainers = {plan.cohort.id: plan.trainer for plan in plans}
    people = sorted((p for plan in plans for p in plan.participants if p.exited_on is None), key=lambda p: p.code)
    employers = [sites[s["key"]] for s in spec["sites"] if s["kind"] == "employer"]
    for form_spec in (f for f in FORMS if f["programme"] == spec["code"]):
        code = form_spec["code"]
        key = f"survey_form:{programme.code}:{code}:1"
        form = writer.existing(
            SurveyForm, key,
            [SurveyForm.programme_id == programme.id, SurveyForm.code == code, SurveyForm.form_version == 1])
        if form is None:  # no set-up schema for survey forms yet: written as before, and change-logged
            form = writer.add_directly(SurveyForm(
                id=demo_id(key), programme_id=programme.id, code=code, form_version=1, title=form_spec["title"],
                labels=form_spec["labels"], questions=form_spec["questions"]))
        rng = rng_for(programme.code, code, "responses")
        writer.prefetch_keys(SurveyResponse, [f"survey_response:{programme.code}:{code}:{n}"
                                              for n in range(form_spec["responses"])])
        for number in range(form_spec["responses"]):
            if form_spec["about"] == "participant":
                participant, site = rng.choice(people), None
                author = trainers[participant.cohort_id]
            else:  # an employer visit, by the programme's coordinator
                participant, site = None, rng.choice(employers)
                author = users[form_spec["author"]]
            writer.ensure(
                SurveyResponse, f"survey_response:{programme.code}:{code}:{number}",
                programme_id=programme.id, cohort_id=participant.cohort_id if participant else None,
                form_id=form.id, form_version=form.form_version, participant_id=participant.id if participant else None,
                site_id=site.id if site else None, answers=sample_answers(rng, form_spec),
                collected_on=writer.today - timedelta(days=rng.randint(1, 20)), updated_by_id=author.id)


def sample_answers(rng, form_spec) -> dict:
    answers = {}
    for question in form_spec["questions"]:
        sample = form_spec["samples"].get(question["id"])
        if question["type"] == "choice":
            options = [o["value"] for o in question["options"]]
            answers[question["id"]] = rng.choices(options, weights=sample or [1] * len(options))[0]
        elif question["type"] == "yesno":
            answers[question["id"]] = rng.random() < (sample if sample is not None else 0.5)
        elif question["type"] == "number":
            answers[question["id"]] = rng.randint(*sample)
        else:
            text = rng.choice(sample)
            if text:
                answers[question["id"]] = text
    return answers
