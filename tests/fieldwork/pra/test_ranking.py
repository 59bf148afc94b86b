from berdaya.fieldwork.pra.ranking import all_pairs, rank, rank_pairwise


def test_competition_ranks_and_ties_named():
    rows = rank([(1, "Modal"), (2, "Perumahan"), (3, "Kesehatan"), (4, "Pendidikan")], {1: 17, 2: 2, 3: 2})
    assert [(r.name, r.rank, r.score) for r in rows] == [
        ("Modal", 1, 17),
        ("Kesehatan", 2, 2),
        ("Perumahan", 2, 2),
        ("Pendidikan", 4, 0),
    ]
    assert rows[1].tied_with == ["Perumahan"] and rows[0].tied_with == []


def test_pairwise_wins_and_head_to_head_for_ties():
    # Modal beats both; Alat and Pasar each win once, and Alat beat Pasar head to head.
    choices = [(1, 2, 1), (1, 3, 1), (2, 3, 2), (1, 2, 1), (1, 3, 3)]
    rows = rank_pairwise([(1, "Modal"), (2, "Alat"), (3, "Pasar")], choices)
    assert [(r.name, r.score, r.rank) for r in rows] == [("Modal", 3, 1), ("Alat", 1, 2), ("Pasar", 1, 2)]
    alat = rows[1]
    assert alat.head_to_head == [("Pasar", 1, 0)]
    assert rows[0].voters == 4  # Modal was compared four times


def test_all_pairs():
    assert all_pairs([3, 1, 2]) == [(1, 2), (1, 3), (2, 3)]
