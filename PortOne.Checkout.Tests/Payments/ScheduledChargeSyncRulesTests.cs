using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;

namespace PortOne.Checkout.Tests.Payments;

/// <summary>A scheduled subscription charge is settled by PortOne's report exactly as a pending order is.</summary>
public class ScheduledChargeSyncRulesTests
{
    private static readonly PaymentPolicy Policy = new(AcceptsTestPayments: true, PgProvider: "tosspayments");

    private static Order AScheduledCharge() =>
        new() { Id = 1, MerchantUid = "sub-s0123456789-2-1", Status = OrderStatus.Scheduled, Amount = 19_900 };

    private static PortOnePayment APayment(string status, decimal amount = 19_900, decimal cancelled = 0, long paidAt = 0) => new()
    {
        ImpUid = "imp_000000000009", MerchantUid = "sub-s0123456789-2-1", Status = status, Amount = amount, CancelAmount = cancelled,
        PgProvider = "tosspayments", PayMethod = "card", PaidAt = paidAt, FailReason = status == "failed" ? "[REJECT_CARD_PAYMENT] 한도초과" : null,
    };

    [Theory]
    //          PortOne says   amount   cancelled  paid_at   → action                       order becomes
    [InlineData("paid",        19_900,  0,         1,          SyncAction.Transition,        OrderStatus.Paid)]
    [InlineData("failed",      19_900,  0,         0,          SyncAction.Transition,        OrderStatus.Failed)]
    [InlineData("paid",        1_000,   0,         1,          SyncAction.CancelForgery,     OrderStatus.Rejected)]
    [InlineData("cancelled",   19_900,  19_900,    1,          SyncAction.Transition,        OrderStatus.Refunded)]
    [InlineData("cancelled",   19_900,  19_900,    0,          SyncAction.Transition,        OrderStatus.Failed)]
    [InlineData("ready",       19_900,  0,         0,          SyncAction.None,              null)]
    public void Scheduled_charge_follows_PortOnes_report(string status, long amount, long cancelled, long paidAt, SyncAction action, string? to)
    {
        var decision = SyncRules.Decide(AScheduledCharge(), APayment(status, amount, cancelled, paidAt), Policy);

        Assert.Equal((action, to), (decision.Action, decision.To));
    }

    [Fact]
    public void A_decline_carries_PortOnes_fail_reason()
    {
        Assert.Equal("[REJECT_CARD_PAYMENT] 한도초과", SyncRules.Decide(AScheduledCharge(), APayment("failed"), Policy).Reason);
    }
}
