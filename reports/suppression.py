"""Small-cell suppression for disaggregated donor exports (docs/indicators.md).

A count of 1–4 people is replaced by ``SUPPRESSED`` so that nobody in a small
group can be singled out. Zero is shown: it describes nobody. When a group of
cells adds up to a total that is shown, one hidden cell could be worked out by
subtraction, so the next smallest cell is hidden too (secondary suppression).
Shares and averages over fewer than 5 people are hidden as well.
"""

THRESHOLD = 5
SUPPRESSED = "<5"


def is_small(count) -> bool:
    return count is not None and 0 < count < THRESHOLD


def cell(count):
    """A single count, hidden when small."""
    return SUPPRESSED if is_small(count) else count


def over_people(value, people):
    """A share, rate or average computed over ``people`` people: hidden when they are few."""
    if people is None or people == 0:
        return None
    return SUPPRESSED if people < THRESHOLD else value


def group(counts: dict, additive: bool = True) -> dict:
    """Hide small cells of one breakdown; ``additive`` breakdowns (cells sum to a shown total,
    like gender or age band) get secondary suppression, overlapping ones (target groups) do not."""
    hidden = {key for key, n in counts.items() if is_small(n)}
    if additive and len(hidden) == 1:
        others = sorted((n, key) for key, n in counts.items() if key not in hidden and n)
        if others:
            hidden.add(others[0][1])
    return {key: (SUPPRESSED if key in hidden else n) for key, n in counts.items()}


def total(count):
    """A headline total: hidden only when the whole population is small."""
    return cell(count)
