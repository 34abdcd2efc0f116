"""Small-cell suppression: nobody in a group under 5 can be singled out."""
from reports import suppression as s


def test_single_cells():
    assert [s.cell(n) for n in (0, 1, 4, 5, 17)] == [0, "<5", "<5", 5, 17]


def test_a_lone_hidden_cell_drags_the_next_smallest_with_it():
    # female 30, male 2: with the total 32 shown, "male <5" alone would give 2 away
    assert s.group({"female": 30, "male": 2, "other": 0, "undisclosed": 0}) == {
        "female": "<5", "male": "<5", "other": 0, "undisclosed": 0}
    assert s.group({"a": 10, "b": 7, "c": 3}) == {"a": 10, "b": "<5", "c": "<5"}


def test_two_hidden_cells_need_no_more():
    assert s.group({"a": 10, "b": 3, "c": 4}) == {"a": 10, "b": "<5", "c": "<5"}


def test_overlapping_groups_are_not_secondarily_suppressed():
    assert s.group({"neet": 12, "roma": 2, "idp": 9}, additive=False) == {"neet": 12, "roma": "<5", "idp": 9}


def test_shares_over_few_people_are_hidden():
    assert s.over_people(0.5, 4) == "<5"
    assert s.over_people(0.5, 5) == 0.5
    assert s.over_people(0.5, 0) is None
