"""Suggested groups from a PRA: same business, neighbours together, always within the size limits.

Pure Python (no Django) so that hypothesis can test the promises by the thousand:

- every suggested group has between ``size_min`` and ``size_max`` members (never outside);
- every group runs one kind of business (KUBE homogeneity, seed 003: mixed KUBE die);
- every candidate appears exactly once, either in one group or unplaced with a reason.

Seed 004 (Pakis): "Kelompok dibentuk berdasarkan potensi dan kedekatan tempat tinggal" — groups are
formed by skill and by how close people live. So a candidate's business is the business interest they
named, or else their first skill; within one business the candidates are ordered by where they live
(residence path, coarse to fine: village, dusun/RW, RT) and cut into consecutive runs, so neighbours
end up together.

Reasons are data (a code and its figures), not sentences: the page renders them in the reader's
language, and the same suggestion reads in Indonesian and English.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str = ""
    business_interest: str = ""
    skills: tuple[str, ...] = ()
    residence: tuple[str, ...] = ()  # area labels from coarse to fine, e.g. ("Pakis", "RW 05", "RT 10")


@dataclass(frozen=True)
class Reason:
    code: str
    params: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"code": self.code, "params": dict(self.params)}


@dataclass
class Suggestion:
    name: str
    business: str
    members: list[int]
    reasons: list[Reason]


@dataclass(frozen=True)
class Unplaced:
    id: int
    reason: Reason


@dataclass
class Result:
    groups: list[Suggestion]
    unplaced: list[Unplaced]


def normalise(text: str) -> str:
    """The key two people's words for one business share: case and spacing do not matter."""
    return " ".join((text or "").split()).casefold()


def business_of(c: Candidate) -> tuple[str, str]:
    """(key, how it was chosen): the named business interest, else the first skill, else nothing."""
    if normalise(c.business_interest):
        return normalise(c.business_interest), "interest"
    for skill in c.skills:
        if normalise(skill):
            return normalise(skill), "skill"
    return "", ""


def common_residence(paths: list[tuple[str, ...]]) -> tuple[str, ...]:
    """The longest residence prefix every path shares (the smallest area all members live in)."""
    if not paths:
        return ()
    shortest = min(len(p) for p in paths)
    out: list[str] = []
    for i in range(shortest):
        values = {p[i] for p in paths}
        if len(values) != 1:
            break
        out.append(paths[0][i])
    return tuple(out)


def _sizes(n: int, k: int) -> list[int]:
    """``n`` split into ``k`` sizes differing by at most one."""
    base, extra = divmod(n, k)
    return [base + 1 if i < extra else base for i in range(k)]


def plan_sizes(n: int, size_min: int, size_max: int) -> list[int]:
    """Group sizes for ``n`` people of one business: as many placed as the limits allow.

    The fewest groups that hold everyone, when each can still reach the minimum; otherwise as many
    full groups as there are people for, the rest unplaced (fewer than the minimum remain).
    """
    if n < size_min or n <= 0:
        return []
    k = math.ceil(n / size_max)
    if k * size_min <= n:
        return _sizes(n, k)
    k -= 1  # k full groups hold k·max people; the remainder cannot form a group of its own
    return [size_max] * k


def suggest(candidates: list[Candidate], *, size_min: int, size_max: int) -> Result:
    """Groups of one business each, neighbours together, sizes within [size_min, size_max]."""
    if size_min < 1 or size_max < size_min:
        raise ValueError("size limits must satisfy 1 <= size_min <= size_max")
    seen: set[int] = set()
    buckets: dict[str, list[Candidate]] = {}
    how: dict[str, Counter] = {}
    spellings: dict[str, Counter] = {}
    unplaced: list[Unplaced] = []
    for c in candidates:
        if c.id in seen:
            raise ValueError(f"candidate {c.id} given twice")
        seen.add(c.id)
        key, source = business_of(c)
        if not key:
            unplaced.append(Unplaced(c.id, Reason("no_business", {"name": c.name})))
            continue
        buckets.setdefault(key, []).append(c)
        how.setdefault(key, Counter())[source] += 1
        raw = (
            c.business_interest if source == "interest" else next(s for s in c.skills if normalise(s) == key)
        )
        spellings.setdefault(key, Counter())[" ".join(raw.split())] += 1

    groups: list[Suggestion] = []
    # Largest businesses first, then by name: a stable order the facilitator can follow on paper.
    for key in sorted(buckets, key=lambda k: (-len(buckets[k]), k)):
        people = sorted(buckets[key], key=lambda c: (c.residence, c.name, c.id))
        label = spellings[key].most_common(1)[0][0]
        n = len(people)
        sizes = plan_sizes(n, size_min, size_max)
        if not sizes:
            reason = Reason("too_few", {"business": label, "count": n, "min": size_min})
            unplaced.extend(Unplaced(c.id, reason) for c in people)
            continue
        start = 0
        for number, size in enumerate(sizes, start=1):
            chunk = people[start : start + size]
            start += size
            groups.append(_suggestion(label, chunk, number, len(sizes), n, how[key], size_min, size_max))
        rest = people[start:]
        if rest:
            reason = Reason(
                "groups_full",
                {"business": label, "count": n, "groups": len(sizes), "max": size_max, "min": size_min},
            )
            unplaced.extend(Unplaced(c.id, reason) for c in rest)
    return Result(groups=groups, unplaced=unplaced)


def _suggestion(
    label: str,
    chunk: list[Candidate],
    number: int,
    of: int,
    total: int,
    how: Counter,
    size_min: int,
    size_max: int,
) -> Suggestion:
    reasons = [Reason("business", {"business": label, "count": len(chunk)})]
    if how.get("skill"):
        reasons.append(Reason("business_from_skill", {"count": how["skill"], "business": label}))
    if of > 1:
        reasons.append(Reason("split", {"business": label, "count": total, "groups": of, "max": size_max}))
    area = common_residence([c.residence for c in chunk])
    areas = sorted({c.residence[-1] if c.residence else "" for c in chunk} - {""})
    if area and len(area) == max((len(c.residence) for c in chunk), default=0):
        reasons.append(Reason("same_area", {"area": area[-1]}))
    elif area:
        reasons.append(Reason("near", {"area": area[-1], "areas": ", ".join(areas), "count": len(areas)}))
    else:
        reasons.append(Reason("scattered", {"areas": ", ".join(areas), "count": len(areas)}))
    skills = Counter(normalise(s) for c in chunk for s in set(c.skills) if normalise(s))
    if skills:
        top = ", ".join(f"{s} ({n})" for s, n in sorted(skills.items(), key=lambda x: (-x[1], x[0]))[:4])
        reasons.append(Reason("skills", {"skills": top}))
    reasons.append(Reason("size", {"count": len(chunk), "min": size_min, "max": size_max}))
    name = label if of == 1 else f"{label} {number}"
    return Suggestion(name=name, business=label, members=[c.id for c in chunk], reasons=reasons)
