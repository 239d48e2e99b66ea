"""Union-find planning of operations, on small hand-made batches."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from safemekong.intel.correlation import plan_links


def test_reports_sharing_a_key_in_one_batch_form_one_new_operation() -> None:
    plan = plan_links([["phone:+1"], ["phone:+1", "wallet:x"], ["wallet:x"]], {}, {})
    assert len(set(plan.report_operations)) == 1
    assert plan.new_operations == {plan.report_operations[0]: 3}


def test_unrelated_reports_get_separate_operations() -> None:
    plan = plan_links([["a"], ["b"], []], {}, {})
    assert len(set(plan.report_operations)) == 3


def test_report_joins_the_stored_operation_of_its_identifier() -> None:
    plan = plan_links([["phone:+1", "new"]], {"phone:+1": 7}, {7: 4})
    assert plan.report_operations == [7]
    assert plan.identifier_operations == {"phone:+1": 7, "new": 7}
    assert plan.added == {7: 1}
    assert not plan.new_operations and not plan.merges


def test_bridging_report_merges_smaller_stored_operation_into_larger() -> None:
    plan = plan_links([["a", "b"]], {"a": 3, "b": 9}, {3: 2, 9: 5})
    assert plan.merges == {3: 9}
    assert plan.report_operations == [9]


def test_equal_sizes_keep_the_older_operation() -> None:
    plan = plan_links([["a", "b"]], {"a": 3, "b": 9}, {3: 5, 9: 5})
    assert plan.merges == {9: 3}


def test_new_operation_grown_in_batch_never_absorbs_a_stored_one() -> None:
    reports = [["x"], ["x"], ["x"], ["x", "old"]]
    plan = plan_links(reports, {"old": 2}, {2: 1})
    assert set(plan.report_operations) == {2}
    assert plan.added == {2: 4}
    assert not plan.new_operations


def test_stored_identifier_without_operation_is_linked_like_a_new_one() -> None:
    plan = plan_links([["watched"], ["watched"]], {"watched": None}, {})
    assert len(set(plan.report_operations)) == 1
    assert plan.identifier_operations["watched"] == plan.report_operations[0]


@given(st.lists(st.lists(st.sampled_from("abcdefghij"), max_size=3), max_size=30))
def test_plan_matches_connected_components(reports: list[list[str]]) -> None:
    plan = plan_links(reports, {}, {})
    # Reference: two reports are together iff connected through shared keys.
    groups: list[set[int]] = []
    for index, keys in enumerate(reports):
        touching = [g for g in groups if any(set(keys) & set(reports[j]) for j in g)]
        merged = {index}.union(*touching)
        groups = [g for g in groups if g not in touching] + [merged]
    for group in groups:
        assert len({plan.report_operations[i] for i in group}) == 1
    roots = [next(plan.report_operations[i] for i in g) for g in groups]
    assert len(set(roots)) == len(groups)
    assert sum(plan.new_operations.values()) == len(reports)
