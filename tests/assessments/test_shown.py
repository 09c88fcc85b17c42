"""The tokens that stand for choices on the learner's page (pure)."""

import pytest

from assessments import grading, shown


def test_tokens_are_random_distinct_and_never_an_authoring_id():
    drawn = [shown.draw_tokens("abcde") for _ in range(200)]
    for tokens in drawn:
        assert sorted(tokens.values()) == list("abcde")
        assert len(tokens) == 5
        for token in tokens:
            assert len(token) == shown.LENGTH
            assert set(token) <= set(shown.ALPHABET)
    # Sorted, the token of "a" comes first one time in five (40 in 200, sd 5.7).
    assert 10 < sum(tokens[min(tokens)] == "a" for tokens in drawn) < 80


@pytest.fixture
def tokens():
    return {"k7mxq2pa": "a", "b9zzr4te": "b", "h3nnw8uc": "c"}


def test_sent_tokens_map_back_to_authoring_ids(tokens):
    assert shown.authored(grading.SINGLE_CHOICE, tokens, "b9zzr4te") == "b"
    assert shown.authored(
        grading.ORDERING, tokens, ["h3nnw8uc", "k7mxq2pa", "b9zzr4te"]
    ) == ["c", "a", "b"]
    assert shown.authored(grading.MULTIPLE_CHOICE, tokens, []) == []
    assert shown.authored(grading.TRUE_FALSE, tokens, True) is True
    assert shown.authored(grading.FILL_IN, tokens, "a") == "a"
    assert shown.authored(grading.SINGLE_CHOICE, tokens, None) is None


@pytest.mark.parametrize(
    ("kind", "sent"),
    [
        (grading.SINGLE_CHOICE, "a"),
        (grading.SINGLE_CHOICE, ["k7mxq2pa"]),
        (grading.SINGLE_CHOICE, {"k7mxq2pa": 1}),
        (grading.MULTIPLE_CHOICE, ["a", "b"]),
        (grading.MULTIPLE_CHOICE, "k7mxq2pa"),
        (grading.MULTIPLE_CHOICE, [["k7mxq2pa"]]),
        (grading.ORDERING, ["a", "b", "c"]),
    ],
)
def test_anything_not_shown_is_refused(tokens, kind, sent):
    with pytest.raises(grading.InvalidResponse):
        shown.authored(kind, tokens, sent)


def test_a_saved_response_is_shown_in_tokens(tokens):
    assert shown.as_shown(grading.SINGLE_CHOICE, tokens, "c") == "h3nnw8uc"
    assert shown.as_shown(grading.MULTIPLE_CHOICE, tokens, ["a", "c"]) == [
        "k7mxq2pa",
        "h3nnw8uc",
    ]
    assert shown.as_shown(grading.TRUE_FALSE, tokens, False) is False
