using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;

namespace PortOne.Checkout.Tests.Payments;

public class SyncRulesTests
{
    private static readonly PaymentPolicy Live = new(AcceptsTestPayments: false, PgProvider: "tosspayments");
    private static readonly PaymentPolicy Sandbox = new(AcceptsTestPayments: true, PgProvider: "tosspayments");

    private static Order AnOrder(string status = OrderStatus.Pending, long amount = 109_000, long cancelled = 0, string? impUid = null) =>
        new() { Id = 1, MerchantUid = "ord-1", Status = status, Amount = amount, CancelledAmount = cancelled, ImpUid = impUid };

    private static PortOnePayment APayment(string status, decimal amount = 109_000, decimal cancelAmount = 0, string currency = "KRW",
        bool sandbox = false, string pg = "tosspayments", string payMethod = "card", string? vbankNum = null, long paidAt = 0) =>
        new()
        {
            ImpUid = "imp_000000000001", MerchantUid = "ord-1", Status = status, Amount = amount, CancelAmount = cancelAmount,
            Currency = currency, Sandbox = sandbox, PgProvider = pg, PayMethod = payMethod, VbankNum = vbankNum, VbankName = "신한은행", PaidAt = paidAt,
        };

    [Theory]
    [InlineData(OrderStatus.Pending)]
    [InlineData(OrderStatus.AwaitingDeposit)]
    [InlineData(OrderStatus.Failed)]
    public void Paid_payment_with_matching_amount_marks_order_paid(string from)
    {
        var decision = SyncRules.Decide(AnOrder(from), APayment("paid"), Live);

        Assert.Equal((SyncAction.Transition, OrderStatus.Paid), (decision.Action, decision.To));
    }

    [Theory]
    [InlineData(OrderStatus.Paid)]
    [InlineData(OrderStatus.PartiallyRefunded)]
    [InlineData(OrderStatus.Refunded)]
    [InlineData(OrderStatus.Rejected)]
    public void Paid_payment_does_not_move_an_order_already_settled(string from)
    {
        Assert.Equal(SyncAction.None, SyncRules.Decide(AnOrder(from, impUid: "imp_000000000001"), APayment("paid"), Live).Action);
    }

    [Fact]
    public void Paid_payment_with_a_different_amount_is_cancelled_as_forgery()
    {
        var decision = SyncRules.Decide(AnOrder(), APayment("paid", amount: 1_000), Live);

        Assert.Equal((SyncAction.CancelForgery, OrderStatus.Rejected), (decision.Action, decision.To));
        Assert.Contains("1,000", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Paid_payment_in_another_currency_is_cancelled_as_forgery()
    {
        Assert.Equal(SyncAction.CancelForgery, SyncRules.Decide(AnOrder(), APayment("paid", currency: "USD"), Live).Action);
    }

    [Fact]
    public void Deposit_into_a_virtual_account_rejected_for_a_forged_amount_is_cancelled()
    {
        var order = AnOrder(OrderStatus.Rejected, impUid: "imp_000000000001");

        var decision = SyncRules.Decide(order, APayment("paid", amount: 1_000, payMethod: "vbank", vbankNum: "1"), Live);

        Assert.Equal((SyncAction.CancelForgery, OrderStatus.Rejected), (decision.Action, decision.To));
    }

    [Fact]
    public void Failed_payment_fails_a_pending_order_with_the_reason()
    {
        var payment = APayment("failed") with { FailReason = "카드 한도 초과" };

        var decision = SyncRules.Decide(AnOrder(), payment, Live);

        Assert.Equal((SyncAction.Transition, OrderStatus.Failed, "카드 한도 초과"), (decision.Action, decision.To, decision.Reason));
    }

    [Fact]
    public void Failed_attempt_does_not_unpay_a_paid_order()
    {
        Assert.Equal(SyncAction.None, SyncRules.Decide(AnOrder(OrderStatus.Paid), APayment("failed"), Live).Action);
    }

    [Fact]
    public void Ready_card_payment_is_only_an_opened_window()
    {
        Assert.Equal(SyncAction.None, SyncRules.Decide(AnOrder(), APayment("ready"), Live).Action);
    }

    [Theory]
    [InlineData(OrderStatus.Pending)]
    [InlineData(OrderStatus.Failed)]
    public void Issued_virtual_account_awaits_deposit(string from)
    {
        var decision = SyncRules.Decide(AnOrder(from), APayment("ready", payMethod: "vbank", vbankNum: "56211000000000"), Live);

        Assert.Equal((SyncAction.Transition, OrderStatus.AwaitingDeposit), (decision.Action, decision.To));
    }

    [Fact]
    public void Virtual_account_for_a_forged_amount_is_rejected_without_a_refund()
    {
        var decision = SyncRules.Decide(AnOrder(), APayment("ready", amount: 100, payMethod: "vbank", vbankNum: "1"), Live);

        Assert.Equal((SyncAction.Transition, OrderStatus.Rejected), (decision.Action, decision.To));
    }

    [Theory]
    [InlineData(OrderStatus.Paid, 0, 10_000, OrderStatus.PartiallyRefunded)]
    [InlineData(OrderStatus.Paid, 0, 109_000, OrderStatus.Refunded)]
    [InlineData(OrderStatus.PartiallyRefunded, 10_000, 109_000, OrderStatus.Refunded)]
    [InlineData(OrderStatus.PartiallyRefunded, 10_000, 30_000, OrderStatus.PartiallyRefunded)]
    public void Cancellation_of_a_paid_order_records_the_refunded_total(string from, long alreadyCancelled, long cancelAmount, string to)
    {
        var decision = SyncRules.Decide(AnOrder(from, cancelled: alreadyCancelled, impUid: "imp_000000000001"), APayment("cancelled", cancelAmount: cancelAmount), Live);

        Assert.Equal((SyncAction.Transition, to), (decision.Action, decision.To));
    }

    [Fact]
    public void The_same_partial_refund_seen_twice_changes_nothing()
    {
        var order = AnOrder(OrderStatus.PartiallyRefunded, cancelled: 10_000, impUid: "imp_000000000001");

        Assert.Equal(SyncAction.None, SyncRules.Decide(order, APayment("cancelled", cancelAmount: 10_000), Live).Action);
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(0)]
    public void An_answer_that_refunded_less_than_the_order_records_is_stale_and_changes_nothing(long staleCancelAmount)
    {
        var order = AnOrder(OrderStatus.PartiallyRefunded, cancelled: 30_000, impUid: "imp_000000000001");

        var decision = SyncRules.Decide(order, APayment("cancelled", cancelAmount: staleCancelAmount), Live);

        Assert.Equal(SyncAction.None, decision.Action);
        Assert.Contains("predates a refund already recorded", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancelled_before_payment_fails_the_order()
    {
        var decision = SyncRules.Decide(AnOrder(OrderStatus.AwaitingDeposit), APayment("cancelled", cancelAmount: 109_000, payMethod: "vbank"), Live);

        Assert.Equal((SyncAction.Transition, OrderStatus.Failed), (decision.Action, decision.To));
    }

    [Fact]
    public void Paid_then_refunded_while_we_heard_nothing_ends_refunded()
    {
        var decision = SyncRules.Decide(AnOrder(), APayment("cancelled", cancelAmount: 109_000, paidAt: 1_767_225_655), Live);

        Assert.Equal((SyncAction.Transition, OrderStatus.Refunded), (decision.Action, decision.To));
    }

    [Fact]
    public void Forgery_cancelled_before_the_order_was_updated_still_ends_rejected()
    {
        var decision = SyncRules.Decide(AnOrder(), APayment("cancelled", amount: 1_000, cancelAmount: 1_000, paidAt: 1), Live);

        Assert.Equal((SyncAction.Transition, OrderStatus.Rejected), (decision.Action, decision.To));
    }

    [Fact]
    public void Test_channel_payment_never_pays_an_order_in_live_mode()
    {
        var decision = SyncRules.Decide(AnOrder(), APayment("paid", sandbox: true), Live);

        Assert.Equal(SyncAction.Flag, decision.Action);
    }

    [Fact]
    public void Test_channel_payment_pays_an_order_when_test_payments_are_accepted()
    {
        Assert.Equal(OrderStatus.Paid, SyncRules.Decide(AnOrder(), APayment("paid", sandbox: true), Sandbox).To);
    }

    [Fact]
    public void Payment_through_another_pg_is_flagged_not_applied()
    {
        Assert.Equal(SyncAction.Flag, SyncRules.Decide(AnOrder(), APayment("paid", pg: "kcp"), Live).Action);
    }

    [Fact]
    public void Second_paid_payment_for_a_settled_order_is_flagged()
    {
        var order = AnOrder(OrderStatus.Paid, impUid: "imp_999999999999");

        Assert.Equal(SyncAction.Flag, SyncRules.Decide(order, APayment("paid"), Live).Action);
    }

    [Fact]
    public void Unpaid_virtual_account_well_past_its_deadline_expires()
    {
        var policy = Live with { Now = 1_800_000_000 };
        var payment = APayment("ready", payMethod: "vbank", vbankNum: "12345678901234") with { VbankDate = policy.Now - SyncRules.ExpiryGraceSeconds - 1 };

        var decision = SyncRules.Decide(AnOrder(OrderStatus.AwaitingDeposit), payment, policy);

        Assert.Equal((SyncAction.Transition, OrderStatus.Expired), (decision.Action, decision.To));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(SyncRules.ExpiryGraceSeconds)]
    public void Unpaid_virtual_account_within_its_deadline_and_grace_keeps_waiting(long pastDeadline)
    {
        var policy = Live with { Now = 1_800_000_000 };
        var payment = APayment("ready", payMethod: "vbank", vbankNum: "12345678901234") with { VbankDate = policy.Now - pastDeadline };

        Assert.Equal(SyncAction.None, SyncRules.Decide(AnOrder(OrderStatus.AwaitingDeposit), payment, policy).Action);
    }

    [Fact]
    public void Without_a_clock_nothing_expires()
    {
        var payment = APayment("ready", payMethod: "vbank", vbankNum: "12345678901234") with { VbankDate = 1 };

        Assert.Equal(SyncAction.None, SyncRules.Decide(AnOrder(OrderStatus.AwaitingDeposit), payment, Live).Action);
    }

    private static Order ACardOrder(int months, string? cardCode = null, string status = OrderStatus.Pending) =>
        new() { Id = 1, MerchantUid = "ord-1", Status = status, Amount = 109_000, PayMethod = "card", CardQuota = months, CardCode = cardCode };

    [Theory]
    [InlineData(3, 3)]
    [InlineData(0, 0)]
    public void Installments_charged_as_chosen_pay_the_order_quietly(int chosen, int charged)
    {
        var decision = SyncRules.Decide(ACardOrder(chosen), APayment("paid") with { CardQuota = charged }, Live);

        Assert.Equal((SyncAction.Transition, OrderStatus.Paid, "paid", (string?)null), (decision.Action, decision.To, decision.Reason, decision.Flag));
    }

    [Fact]
    public void Fewer_months_picked_in_the_window_pay_the_order_and_record_the_difference_unflagged()
    {
        // The window offered 2 and 3 months; the shopper took 2 there.
        var decision = SyncRules.Decide(ACardOrder(3), APayment("paid") with { CardQuota = 2 }, Live);

        Assert.Equal((SyncAction.Transition, OrderStatus.Paid, (string?)null), (decision.Action, decision.To, decision.Flag));
        Assert.Contains("3 months chosen at checkout, PortOne charged 2", decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3, null, 0)]
    [InlineData(3, null, 6)]
    [InlineData(0, null, 3)]
    [InlineData(3, "366", 2)]
    public void Months_the_window_was_not_asked_to_offer_pay_the_order_and_flag_it(int chosen, string? cardCode, int charged)
    {
        var decision = SyncRules.Decide(ACardOrder(chosen, cardCode), APayment("paid") with { CardQuota = charged }, Live);

        Assert.Equal((SyncAction.Transition, OrderStatus.Paid), (decision.Action, decision.To));
        Assert.Contains("tell the shopper", decision.Flag, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OrderStatus.Expired)]
    [InlineData(OrderStatus.Abandoned)]
    public void Money_arriving_after_the_order_was_closed_pays_it_and_flags_it(string closed)
    {
        var decision = SyncRules.Decide(AnOrder(closed, impUid: "imp_000000000001"), APayment("paid", payMethod: "vbank", vbankNum: "1"), Live);

        Assert.Equal((SyncAction.Transition, OrderStatus.Paid), (decision.Action, decision.To));
        Assert.StartsWith("paid after the order was closed as " + closed, decision.Flag, StringComparison.Ordinal);
    }

    [Fact]
    public void Forged_amount_paid_into_an_abandoned_order_is_cancelled()
    {
        Assert.Equal(SyncAction.CancelForgery, SyncRules.Decide(AnOrder(OrderStatus.Abandoned), APayment("paid", amount: 1_000), Live).Action);
    }

    [Theory]
    [InlineData(OrderStatus.Abandoned, "failed")]
    [InlineData(OrderStatus.Abandoned, "cancelled")]
    [InlineData(OrderStatus.Abandoned, "ready")]
    public void Nothing_but_money_reopens_an_abandoned_order(string from, string portOneStatus)
    {
        Assert.Equal(SyncAction.None, SyncRules.Decide(AnOrder(from), APayment(portOneStatus), Live).Action);
    }

    private const long Horizon = 48 * 3600;
    private const long Placed = 1_800_000_000;

    private static Order APendingOrder(string status = OrderStatus.Pending) =>
        new() { Id = 1, MerchantUid = "ord-1", Status = status, Amount = 109_000, CreatedAt = Placed };

    [Fact]
    public void Pending_order_portone_never_heard_of_is_abandoned_after_the_horizon()
    {
        var decision = SyncRules.DecideUnpaid(APendingOrder(), null, Placed + Horizon, Horizon);

        Assert.Equal((SyncAction.Transition, OrderStatus.Abandoned), (decision.Action, decision.To));
    }

    [Fact]
    public void Pending_order_whose_window_was_opened_and_left_is_abandoned_after_the_horizon()
    {
        var decision = SyncRules.DecideUnpaid(APendingOrder(), APayment("ready"), Placed + Horizon, Horizon);

        Assert.Equal((SyncAction.Transition, OrderStatus.Abandoned), (decision.Action, decision.To));
    }

    [Fact]
    public void Pending_order_within_the_horizon_is_left_waiting()
    {
        Assert.Equal(SyncAction.None, SyncRules.DecideUnpaid(APendingOrder(), null, Placed + Horizon - 1, Horizon).Action);
    }

    [Theory]
    [InlineData("paid", null)]
    [InlineData("failed", null)]
    [InlineData("cancelled", null)]
    [InlineData("ready", "56211000000000")]
    public void A_payment_portone_has_for_the_order_is_never_abandoned(string status, string? vbankNum)
    {
        var payment = APayment(status, payMethod: vbankNum is null ? "card" : "vbank", vbankNum: vbankNum);

        Assert.Equal(SyncAction.None, SyncRules.DecideUnpaid(APendingOrder(), payment, Placed + 10 * Horizon, Horizon).Action);
    }

    [Theory]
    [InlineData(OrderStatus.AwaitingDeposit)]
    [InlineData(OrderStatus.Failed)]
    [InlineData(OrderStatus.Paid)]
    public void Only_a_pending_order_is_ever_abandoned(string status)
    {
        Assert.Equal(SyncAction.None, SyncRules.DecideUnpaid(APendingOrder(status), null, Placed + 10 * Horizon, Horizon).Action);
    }
}
