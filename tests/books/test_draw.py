"""The verifiable arisan draw (pure functions, no db)."""

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berdaya.books.draw import draw_winner, explain_draw, seed_commitment, verify_draw

SEED = "7f3a9c0e5b21d4468e0f1a2b3c4d5e6f"
SLOTS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]


def test_commitment_is_sha256_hex():
    assert seed_commitment("abc") == hashlib.sha256(b"abc").hexdigest()
    assert seed_commitment(SEED) == hashlib.sha256(SEED.encode()).hexdigest()


def test_draw_can_be_rerun_by_hand():
    # What anyone with a sha256 tool does: sort as text, join, hash, mod N.
    labels = sorted(SLOTS)
    message = f"{SEED}:3:" + ",".join(labels)
    x = int(hashlib.sha256(message.encode()).hexdigest(), 16)
    assert draw_winner(seed=SEED, round_number=3, candidates=SLOTS) == labels[x % len(labels)]


def test_draw_is_deterministic_and_order_independent():
    first = draw_winner(seed=SEED, round_number=1, candidates=SLOTS)
    assert first in SLOTS
    assert draw_winner(seed=SEED, round_number=1, candidates=list(reversed(SLOTS))) == first


def test_draw_depends_on_seed_and_round():
    winners = {draw_winner(seed=f"seed-{i}", round_number=1, candidates=SLOTS) for i in range(60)}
    assert len(winners) > 5
    rounds = {draw_winner(seed=SEED, round_number=r, candidates=SLOTS) for r in range(1, 61)}
    assert len(rounds) > 5


def test_int_candidates_come_back_as_ints():
    winner = draw_winner(seed=SEED, round_number=2, candidates=[1, 2, 3, 10])
    assert isinstance(winner, int)
    assert str(winner) == draw_winner(seed=SEED, round_number=2, candidates=["1", "2", "3", "10"])


def test_single_candidate_wins():
    assert draw_winner(seed=SEED, round_number=10, candidates=["7"]) == "7"


@pytest.mark.parametrize(
    ("seed", "round_number", "candidates"),
    [
        (SEED, 1, []),
        (SEED, 1, ["1", "1"]),
        (SEED, 1, ["1", 1]),
        (SEED, 1, ["a,b", "c"]),
        (SEED, 1, [""]),
        ("", 1, ["1", "2"]),
        (SEED, -1, ["1", "2"]),
    ],
)
def test_bad_draws_raise(seed, round_number, candidates):
    with pytest.raises(ValueError):
        draw_winner(seed=seed, round_number=round_number, candidates=candidates)


def test_verify_draw():
    commitment = seed_commitment(SEED)
    winner = draw_winner(seed=SEED, round_number=4, candidates=SLOTS)
    ok = {"seed": SEED, "commitment": commitment, "round_number": 4, "candidates": SLOTS, "winner": winner}
    assert verify_draw(**ok)
    assert verify_draw(**{**ok, "commitment": commitment.upper()})
    other = next(s for s in SLOTS if s != winner)
    assert not verify_draw(**{**ok, "winner": other})
    assert not verify_draw(**{**ok, "seed": SEED + "x"})
    assert not verify_draw(**{**ok, "candidates": []})
    assert verify_draw(**{**ok, "candidates": [int(s) for s in SLOTS], "winner": int(winner)})


def test_explain_draw_walks_through_the_steps():
    commitment = seed_commitment(SEED)
    winner = draw_winner(seed=SEED, round_number=5, candidates=SLOTS)
    steps = explain_draw(seed=SEED, round_number=5, candidates=SLOTS, commitment=commitment)
    assert all(isinstance(s, str) for s in steps)
    assert "matches" in steps[0] and "NOT" not in steps[0]
    assert "1, 10, 2, 3" in steps[1]
    assert f'"{SEED}:5:1,10,2,3,4,5,6,7,8,9"' in steps[2]
    assert steps[-1].endswith(f"is {winner}: the winner.")
    tampered = explain_draw(seed=SEED + "x", round_number=5, candidates=SLOTS, commitment=commitment)
    assert "does NOT match" in tampered[0]


seeds = st.text(min_size=1, max_size=40)
labels = st.lists(
    st.text(
        alphabet=st.characters(blacklist_characters=",", blacklist_categories=("Cs",)), min_size=1, max_size=6
    ),
    min_size=1,
    max_size=25,
    unique=True,
)


@settings(max_examples=200, deadline=None)
@given(seeds, labels)
def test_a_full_cycle_is_a_permutation(seed, slots):
    remaining, order = list(slots), []
    for round_number in range(1, len(slots) + 1):
        winner = draw_winner(seed=seed, round_number=round_number, candidates=remaining)
        assert verify_draw(
            seed=seed,
            commitment=seed_commitment(seed),
            round_number=round_number,
            candidates=remaining,
            winner=winner,
        )
        order.append(winner)
        remaining.remove(winner)
    assert sorted(order) == sorted(slots)
    assert remaining == []


@settings(max_examples=200, deadline=None)
@given(seeds, seeds, labels.filter(lambda s: len(s) >= 2), st.integers(min_value=1, max_value=100))
def test_verify_rejects_a_tampered_seed_or_winner(seed, other_seed, slots, round_number):
    commitment = seed_commitment(seed)
    winner = draw_winner(seed=seed, round_number=round_number, candidates=slots)
    assert verify_draw(
        seed=seed, commitment=commitment, round_number=round_number, candidates=slots, winner=winner
    )
    for wrong in slots:
        if wrong != winner:
            assert not verify_draw(
                seed=seed, commitment=commitment, round_number=round_number, candidates=slots, winner=wrong
            )
    if other_seed != seed:
        # A different seed never matches the published commitment, whatever it draws.
        assert not verify_draw(
            seed=other_seed, commitment=commitment, round_number=round_number, candidates=slots, winner=winner
        )
