"""The four tracing rules on one account, worked out by hand.

Mule account M received 500 clean at 09:00 and 1,000 from the victim (traced) at 10:00, then
paid 600 at 11:00 and 700 at 12:00; it also paid 50 at 08:00, before any traced money came.
"""

from __future__ import annotations

import pytest

from safemekong.trail.rules import RULE_FUNCTIONS, Move

M = "bank:TH:004:2000000001"
H = 3_600_000_000  # one hour in microseconds
MOVES = [
    Move(1, 8 * H, "early", M, "bank:TH:006:4000000003", 50.0, "THB"),
    Move(2, 9 * H, "clean", "bank:TH:014:3000000001", M, 500.0, "THB"),
    Move(3, 10 * H, "victim", "bank:TH:002:1000000001", M, 1000.0, "THB"),
    Move(4, 11 * H, "out600", M, "bank:TH:006:4000000001", 600.0, "THB"),
    Move(5, 12 * H, "out700", M, "bank:TH:006:4000000002", 700.0, "THB"),
]
TRACED_IN = {3: 1000.0}


def _traced(rule: str) -> tuple[dict[str, float], float]:
    result = RULE_FUNCTIONS[rule](M, MOVES, TRACED_IN)
    outs = {a.move.tx_id: round(a.traced, 6) for a in result.outflows}
    return outs, round(sum(result.holding.values()), 6)


def test_fifo_spends_the_clean_money_that_arrived_first() -> None:
    assert _traced("fifo") == ({"out600": 100.0, "out700": 700.0}, 200.0)


def test_lifo_spends_the_victims_money_first() -> None:
    assert _traced("lifo") == ({"out600": 600.0, "out700": 400.0}, 0.0)


def test_haircut_carries_the_traced_share_of_the_balance() -> None:
    # 600 of 1,500 leaves with 1,000/1,500 traced = 400; then 700 of 900 with 600/900 traced.
    assert _traced("haircut") == ({"out600": 400.0, "out700": 466.666667}, 133.333333)


def test_poison_taints_every_later_outflow_in_full() -> None:
    assert _traced("poison") == ({"out600": 600.0, "out700": 700.0}, 0.0)


@pytest.mark.parametrize("rule", ["fifo", "lifo", "haircut", "poison"])
def test_money_paid_out_before_the_traced_payment_arrived_is_never_traced(rule: str) -> None:
    outs, _ = _traced(rule)
    assert "early" not in outs


@pytest.mark.parametrize("rule", ["fifo", "lifo", "haircut"])
def test_conserving_rules_account_for_every_traced_unit(rule: str) -> None:
    outs, held = _traced(rule)
    assert sum(outs.values()) + held == pytest.approx(1000.0)


def test_each_outflow_names_the_inflow_it_came_from() -> None:
    result = RULE_FUNCTIONS["fifo"](M, MOVES, TRACED_IN)
    assert [a.funding for a in result.outflows] == [{3: 100.0}, {3: 700.0}]


def test_spending_beyond_known_inflows_draws_on_untraced_funds() -> None:
    moves = [
        Move(1, H, "in", "bank:TH:002:1000000001", M, 100.0, "THB"),
        Move(2, 2 * H, "out", M, "bank:TH:006:4000000001", 300.0, "THB"),
    ]
    result = RULE_FUNCTIONS["fifo"](M, moves, {1: 100.0})
    assert [round(a.traced, 6) for a in result.outflows] == [100.0]
