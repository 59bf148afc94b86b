"""A verifiable draw (*kocok*) for arisan rounds: commit to a secret seed, draw from it, reveal it.

Pure calculations (stdlib only, no Django). The protocol, which anyone can re-run by hand with any
sha256 tool:

1. Before the first draw the treasurer picks a secret random seed and publishes only its commitment,
   ``sha256(seed)`` in hex (``seed_commitment``). The seed cannot be changed afterwards without the
   commitment showing it.
2. Round *n* draws among the candidates (slot labels or ids, which have not won yet): their text forms
   are sorted as text (so "10" comes before "2") and joined with commas; the message
   ``"<seed>:<n>:<label>,<label>,…"`` is hashed with sha256 and the digest read as a 256-bit
   big-endian number *x*; the winner is the candidate at position *x* mod *N* (0-based) in the sorted
   list.
3. Unbiased: 2^256 is not a multiple of *N*, so plain *x* mod *N* would favour the first positions by a
   hair. The draw therefore accepts *x* only below the largest multiple of *N* that fits in 256 bits;
   otherwise it hashes ``"<message>#1"``, ``"<message>#2"``, … until one is accepted (rejection
   sampling). The chance of ever needing a retry is below *N*/2^256 — it will not happen in practice,
   but the rule makes the draw exactly uniform by construction rather than by argument.
4. After the cycle (or whenever the group agrees) the seed is revealed; ``verify_draw`` checks it
   against the commitment and re-runs the round.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

__all__ = ["draw_winner", "explain_draw", "seed_commitment", "verify_draw"]

# A candidate is a slot label (str) or a slot number (int); its text form is what gets hashed.
C = TypeVar("C", str, int)

_SPACE = 2**256


def seed_commitment(seed: str) -> str:
    """The public commitment to ``seed``: sha256 of its UTF-8 bytes, as 64 lower-case hex digits."""
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class _Attempt:
    message: str
    digest: str
    number: int
    accepted: bool


@dataclass(frozen=True)
class _Trace:
    labels: list[str]
    attempts: list[_Attempt]
    index: int
    limit: int


def _sorted_candidates(candidates: Sequence[C]) -> list[tuple[str, C]]:
    pairs: list[tuple[str, C]] = []
    for candidate in candidates:
        if isinstance(candidate, bool) or not isinstance(candidate, str | int):
            raise TypeError("candidates must be slot labels (str) or slot numbers (int)")
        label = str(candidate)
        # A comma inside a label would make the joined list ambiguous ("a,b"+"c" vs "a"+"b,c").
        if not label or "," in label:
            raise ValueError("candidate labels must be non-empty and contain no comma")
        pairs.append((label, candidate))
    if not pairs:
        raise ValueError("there must be at least one candidate")
    if len({label for label, _ in pairs}) != len(pairs):
        raise ValueError("candidates must be distinct")
    return sorted(pairs, key=lambda pair: pair[0])


def _trace(seed: str, round_number: int, labels: list[str]) -> _Trace:
    if not isinstance(seed, str) or not seed:
        raise ValueError("the seed must be a non-empty string")
    if isinstance(round_number, bool) or not isinstance(round_number, int) or round_number < 0:
        raise ValueError("the round number must be a non-negative whole number")
    n = len(labels)
    limit = _SPACE - _SPACE % n  # the largest multiple of n not above 2^256
    base = f"{seed}:{round_number}:" + ",".join(labels)
    attempts: list[_Attempt] = []
    counter = 0
    while True:
        message = base if counter == 0 else f"{base}#{counter}"
        digest = hashlib.sha256(message.encode("utf-8")).hexdigest()
        number = int(digest, 16)
        accepted = number < limit
        attempts.append(_Attempt(message, digest, number, accepted))
        if accepted:
            return _Trace(labels, attempts, number % n, limit)
        counter += 1  # pragma: no cover — probability below n / 2^256


def draw_winner(*, seed: str, round_number: int, candidates: Sequence[C]) -> C:
    """The winner of round ``round_number`` among ``candidates``, drawn deterministically from ``seed``.

    Candidates are slot labels (str) or numbers (int), distinct, without commas; the winner is returned
    as given (a str for str candidates). The order they are passed in does not matter: they are sorted
    by their text form first. Raises ``ValueError`` for no/duplicate candidates, an empty seed or a
    negative round number.
    """
    pairs = _sorted_candidates(candidates)
    trace = _trace(seed, round_number, [label for label, _ in pairs])
    return pairs[trace.index][1]


def verify_draw(
    *, seed: str, commitment: str, round_number: int, candidates: Sequence[C], winner: str | int
) -> bool:
    """True when ``seed`` matches the published ``commitment`` and re-running the draw gives ``winner``.

    Never raises for bad input: a malformed round (no candidates, duplicates, empty seed) is simply not
    verified. The winner is compared by its text form, so slot 3 and "3" are the same slot.
    """
    if not isinstance(seed, str) or not isinstance(commitment, str):
        return False
    if seed_commitment(seed) != commitment.strip().lower():
        return False
    try:
        drawn = draw_winner(seed=seed, round_number=round_number, candidates=candidates)
    except (TypeError, ValueError):
        return False
    return str(drawn) == str(winner)


def _same(text: str) -> str:
    return text


def explain_draw(
    *,
    seed: str,
    round_number: int,
    candidates: Sequence[C],
    commitment: str | None = None,
    gettext: Callable[[str], str] | None = None,
) -> list[str]:
    """The steps of one round's draw as plain sentences, for anyone to re-check by hand.

    With ``commitment``, the first step says whether the seed matches it. ``gettext`` translates the
    sentences (the app passes Django's; this module stays stdlib-only); without it they are English.
    Raises like ``draw_winner``.
    """
    _ = gettext or _same
    pairs = _sorted_candidates(candidates)
    labels = [label for label, _label in pairs]
    trace = _trace(seed, round_number, labels)
    n = len(labels)
    steps: list[str] = []
    own = seed_commitment(seed)
    if commitment is not None:
        text = (
            _("sha256 of the seed is %(hash)s; it matches the published commitment %(commitment)s.")
            if own == commitment.strip().lower()
            else _(
                "sha256 of the seed is %(hash)s; it does NOT match the published commitment %(commitment)s."
            )
        )
        steps.append(text % {"hash": own, "commitment": commitment})
    else:
        steps.append(
            _("sha256 of the seed is %(hash)s; compare it with the commitment published before the draw.")
            % {"hash": own}
        )
    steps.append(_("Candidates sorted as text (%(n)s): %(labels)s.") % {"n": n, "labels": ", ".join(labels)})
    for attempt in trace.attempts:
        steps.append(_('Message hashed: "%(message)s".') % {"message": attempt.message})
        steps.append(_("sha256 of the message: %(digest)s.") % {"digest": attempt.digest})
        steps.append(_("Read as a whole number: %(number)s.") % {"number": attempt.number})
        if attempt.accepted:
            steps.append(
                _(
                    "It is below %(limit)s (the largest multiple of %(n)s up to 2^256), so it is used: "
                    "every candidate has exactly the same chance."
                )
                % {"limit": trace.limit, "n": n}
            )
        else:  # pragma: no cover — probability below n / 2^256
            steps.append(
                _("It is not below %(limit)s, so it is rejected and the next message is tried.")
                % {"limit": trace.limit}
            )
    position = trace.index
    steps.append(
        _("%(number)s mod %(n)s = %(position)s.")
        % {"number": trace.attempts[-1].number, "n": n, "position": position}
    )
    steps.append(
        _("Position %(position)s in the sorted list (counting from 0) is %(label)s: the winner.")
        % {"position": position, "label": labels[position]}
    )
    return steps
