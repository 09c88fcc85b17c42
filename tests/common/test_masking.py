"""Masked names and employee IDs (no database)."""

import pytest

from common.masking import mask_employee_id, mask_name


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张小明", "张*明"),
        ("欧阳小明", "欧**明"),
        ("张三", "张*"),
        ("王", "*"),
        (" 李华 ", "李*"),
        ("", ""),
    ],
)
def test_a_name_keeps_only_its_ends(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    ("employee_id", "masked"),
    [
        ("DEMO0001", "DE****01"),
        ("D0004", "D***4"),
        ("610100202401", "610******401"),
        ("E01", "E**"),
        ("E001", "E**1"),
        ("E1", "**"),
    ],
)
def test_an_employee_id_loses_its_middle(employee_id, masked):
    assert mask_employee_id(employee_id) == masked


def test_at_least_half_of_an_id_is_hidden():
    for length in range(3, 40):
        masked = mask_employee_id("9" * length)
        assert masked.count("*") * 2 >= length


def test_a_latin_name_keeps_each_words_initial():
    assert mask_name("John Smith") == "J*** S****"
