"""The arisan's use of the verifiable draw in ``berdaya.books.draw`` (commit-reveal).

The draw itself (hashing, picking a candidate, explaining the steps) lives in ``books.draw``; this
module only decides what goes into each round's draw and re-runs a cycle's draws for verification:

- when a cycle starts, a secret seed (``secrets.token_hex``) is generated and only
  ``seed_commitment(seed)`` (its sha256) is published;
- round *n* draws with ``draw_winner(seed=…, round_number=n, candidates=…)`` where the candidates are
  the sorted numbers of the slots that have not won yet;
- a **witness number** called out by a member at the meeting may be mixed in: the round's seed is then
  ``"<seed>|witness:<number>"``. The treasurer cannot know it in advance, and the members cannot steer
  the result either, because they do not know the secret seed. It is recorded with the round;
- once the seed is revealed, anyone can check ``sha256(seed) == commitment`` and re-run every round.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from berdaya.books.draw import draw_winner, explain_draw, seed_commitment, verify_draw


def commitment(seed: str) -> str:
    return seed_commitment(seed)


def round_seed(seed: str, witness: str = "") -> str:
    """The seed that goes into one round's draw: the cycle's seed, plus the witness number if any."""
    witness = (witness or "").strip()
    return f"{seed}|witness:{witness}" if witness else seed


def winner(*, seed: str, round_number: int, candidates: list[int], witness: str = "") -> int:
    return draw_winner(seed=round_seed(seed, witness), round_number=round_number, candidates=list(candidates))


def _check(
    *, seed: str, commitment_hex: str, number: int, candidates: list[int], witness: str, winner_number
):
    """(recomputed winner, ok, steps) for one recorded round."""
    if not candidates:
        return None, False, []
    if witness:
        mixed = round_seed(seed, witness)
        steps = [
            _("The seed's sha256 must equal the commitment published at the start: %(ok)s.")
            % {"ok": "✓" if seed_commitment(seed) == commitment_hex else "✗"},
            _('A witness number was called out: this round draws from the seed "%(mixed)s".')
            % {"mixed": mixed},
            *explain_draw(seed=mixed, round_number=number, candidates=candidates, gettext=_),
        ]
        recomputed = draw_winner(seed=mixed, round_number=number, candidates=candidates)
        ok = seed_commitment(seed) == commitment_hex and recomputed == winner_number
        return recomputed, ok, steps
    steps = explain_draw(
        seed=seed, round_number=number, candidates=candidates, commitment=commitment_hex, gettext=_
    )
    recomputed = draw_winner(seed=seed, round_number=number, candidates=candidates)
    ok = winner_number is not None and verify_draw(
        seed=seed, commitment=commitment_hex, round_number=number, candidates=candidates, winner=winner_number
    )
    return recomputed, ok, steps


def verify_rounds(*, seed: str, commitment_hex: str, slots: list[int], rounds: list[dict]) -> dict:
    """Re-run every recorded draw from ``seed``.

    ``rounds``: [{"number", "candidates", "witness", "winner"}] as recorded. Returns
    {"seed_ok": bool, "rows": [{…round, "recomputed", "ok", "steps"}], "all_ok": bool}. A round is ✓
    when the seed matches the commitment, the candidates are the slots that had not won before it,
    and the recomputed winner is the recorded one.
    """
    seed_ok = bool(seed) and seed_commitment(seed) == commitment_hex
    rows = []
    won: set[int] = set()
    for r in sorted(rounds, key=lambda r: r["number"]):
        expected_candidates = sorted(set(slots) - won)
        candidates_ok = sorted(r["candidates"]) == expected_candidates
        recomputed, ok, steps = _check(
            seed=seed,
            commitment_hex=commitment_hex,
            number=r["number"],
            candidates=list(r["candidates"]),
            witness=r["witness"],
            winner_number=r["winner"],
        )
        if not candidates_ok:
            steps = [
                _("The recorded candidates are not the slots that had not won before this round."),
                *steps,
            ]
        rows.append({**r, "recomputed": recomputed, "ok": bool(ok and candidates_ok), "steps": steps})
        if r["winner"]:
            won.add(r["winner"])
    return {"seed_ok": seed_ok, "rows": rows, "all_ok": seed_ok and all(row["ok"] for row in rows)}
