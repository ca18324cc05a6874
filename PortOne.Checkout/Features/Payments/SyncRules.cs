using System.Globalization;
using PortOne.Checkout.Features.Orders;

namespace PortOne.Checkout.Features.Payments;

public enum SyncAction
{
    /// <summary>The order already reflects the payment.</summary>
    None,
    /// <summary>Move the order to <see cref="SyncDecision.To"/>.</summary>
    Transition,
    /// <summary>Money arrived for the wrong amount or currency: refund it at PortOne, then reject the order.</summary>
    CancelForgery,
    /// <summary>Leave the order as it is, but put it in front of the admin.</summary>
    Flag,
}

/// <summary>
/// What the sync does. <see cref="Flag"/>, when set, puts the order in front of staff as part of the
/// same transition: the money is right, but a person should look (paid after the order was closed,
/// installments other than the window was asked to offer).
/// </summary>
public sealed record SyncDecision(SyncAction Action, string? To, string Reason)
{
    public string? Flag { get; init; }

    public static SyncDecision Nothing(string reason) => new(SyncAction.None, null, reason);
}

/// <summary>
/// What the payment policy of this deployment allows (docs/architecture.md, "The money path"), and the time the decision is
/// made at (unix seconds; 0 = unknown, so nothing expires).
/// </summary>
public sealed record PaymentPolicy(bool AcceptsTestPayments, string PgProvider, long Now = 0);

/// <summary>
/// The decision table of the one sync path: given an order as stored and the payment as PortOne
/// reports it, what must happen. Pure, so every row is unit-tested.
/// </summary>
public static class SyncRules
{
    /// <summary>
    /// A deposit made a moment before the deadline can take a while to show at PortOne; an account is
    /// expired only once it has been unpaid this long past its deadline.
    /// </summary>
    public const long ExpiryGraceSeconds = 10 * 60;

    public static SyncDecision Decide(Order order, PortOnePayment payment, PaymentPolicy policy)
    {
        if (payment.Sandbox && !policy.AcceptsTestPayments)
        {
            return new(SyncAction.Flag, null, "PortOne test channel payment (sandbox: true) in Live mode; it cannot pay an order");
        }
        if (payment.PgProvider is { Length: > 0 } pg && !string.Equals(pg, policy.PgProvider, StringComparison.OrdinalIgnoreCase))
        {
            return new(SyncAction.Flag, null, $"paid through PG '{pg}', not the configured '{policy.PgProvider}'");
        }
        if (order.ImpUid is { } settledBy && settledBy != payment.ImpUid && order.Status is not (OrderStatus.Pending or OrderStatus.Scheduled or OrderStatus.Failed))
        {
            return payment.Status == "paid"
                ? new(SyncAction.Flag, null, $"second payment {payment.ImpUid} for an order already settled by {settledBy}; refund one of them")
                : SyncDecision.Nothing("another payment attempt for an order settled by " + settledBy);
        }

        var amountMatches = payment.Amount == order.Amount && string.Equals(payment.Currency, order.Currency, StringComparison.OrdinalIgnoreCase);
        var mismatch = $"PortOne reports {Money(payment.Amount)} {payment.Currency}, the order is {Money(order.Amount)} {order.Currency}";

        return payment.Status switch
        {
            "paid" => DecidePaid(order, payment, amountMatches, mismatch),
            "ready" => DecideReady(order, payment, policy, amountMatches, mismatch),
            "failed" => order.Status is OrderStatus.Pending or OrderStatus.Scheduled
                ? new(SyncAction.Transition, OrderStatus.Failed, payment.FailReason ?? "payment failed")
                : SyncDecision.Nothing("a failed attempt does not change a " + order.Status + " order"),
            "cancelled" => DecideCancelled(order, payment, amountMatches, mismatch),
            _ => SyncDecision.Nothing($"unknown PortOne status '{payment.Status}'"),
        };
    }

    private static SyncDecision DecidePaid(Order order, PortOnePayment payment, bool amountMatches, string mismatch) => order.Status switch
    {
        // A virtual account rejected at issue for a forged amount can still be paid into: refund it.
        OrderStatus.Rejected when !amountMatches => new(SyncAction.CancelForgery, OrderStatus.Rejected, "forged amount deposited: " + mismatch),
        OrderStatus.Paid or OrderStatus.PartiallyRefunded or OrderStatus.Refunded or OrderStatus.Rejected =>
            SyncDecision.Nothing("already " + order.Status),
        _ when !amountMatches => new(SyncAction.CancelForgery, OrderStatus.Rejected, "forged amount: " + mismatch),
        // The money arrived, so the order is paid; but it had been closed, and the goods may have gone
        // back on sale (a deposit after the account's deadline, a payment long after the shopper left).
        OrderStatus.Expired or OrderStatus.Abandoned => PaidAfterClosing(order, Paid(order, payment)),
        _ => Paid(order, payment),
    };

    private static SyncDecision PaidAfterClosing(Order order, SyncDecision paid) => paid with
    {
        Flag = $"paid after the order was closed as {order.Status}: check the goods are still there before shipping, or refund"
            + (paid.Flag is null ? "" : "; " + paid.Flag),
    };

    /// <summary>
    /// Paid, with the installment months PortOne charged compared to the ones chosen at checkout. A
    /// month within what the window offered (2 up to the months chosen) is the shopper's own pick in
    /// PortOne's window and is only recorded; anything else means the window did not hold to what we
    /// asked, and staff should tell the shopper.
    /// </summary>
    private static SyncDecision Paid(Order order, PortOnePayment payment)
    {
        if (order.PayMethod != "card" || payment.PayMethod != "card" || payment.CardQuota == order.CardQuota)
        {
            return new(SyncAction.Transition, OrderStatus.Paid, "paid");
        }
        var reason = $"paid; installments: {order.CardQuota} months chosen at checkout, PortOne charged {payment.CardQuota}";
        var offered = order.CardCode is null && order.CardQuota >= 2 && payment.CardQuota >= 2 && payment.CardQuota <= order.CardQuota;
        return offered
            ? new(SyncAction.Transition, OrderStatus.Paid, reason)
            : new(SyncAction.Transition, OrderStatus.Paid, reason)
            {
                Flag = $"PortOne charged {Months(payment.CardQuota)} but the shopper chose {Months(order.CardQuota)} at checkout; tell the shopper",
            };
    }

    /// <summary>
    /// Closes a pending order PortOne never saw paid once <paramref name="horizonSeconds"/> have passed
    /// since it was placed. <paramref name="latest"/> is PortOne's latest payment for the merchant_uid:
    /// none at all, or a window that was opened and left (<c>ready</c>, no virtual account; a card or
    /// easy-pay window times out within minutes, so after the horizon it can no longer be approved).
    /// Anything else is for <see cref="Decide"/>.
    /// </summary>
    public static SyncDecision DecideUnpaid(Order order, PortOnePayment? latest, long now, long horizonSeconds)
    {
        if (order.Status != OrderStatus.Pending)
        {
            return SyncDecision.Nothing("not pending but " + order.Status);
        }
        if (now < order.CreatedAt + horizonSeconds)
        {
            return SyncDecision.Nothing("placed too recently to give up on");
        }
        var hours = horizonSeconds / 3600;
        return latest switch
        {
            null => new(SyncAction.Transition, OrderStatus.Abandoned, $"PortOne has no payment for this order {hours} h after it was placed"),
            { Status: "ready", VbankNum: null or "" } =>
                new(SyncAction.Transition, OrderStatus.Abandoned, $"payment window {latest.ImpUid} opened and left unpaid for {hours} h"),
            _ => SyncDecision.Nothing($"PortOne has a {latest.Status} payment for this order"),
        };
    }

    private static SyncDecision DecideReady(Order order, PortOnePayment payment, PaymentPolicy policy, bool amountMatches, string mismatch)
    {
        if (payment.PayMethod != "vbank" || string.IsNullOrEmpty(payment.VbankNum))
        {
            return SyncDecision.Nothing("payment window opened, nothing paid yet");
        }
        return order.Status switch
        {
            // No money has moved for an account that was merely issued: rejecting is enough.
            // A failed attempt does not close the order: an account issued by a later window stands.
            OrderStatus.Pending or OrderStatus.Failed when !amountMatches =>
                new(SyncAction.Transition, OrderStatus.Rejected, "virtual account issued for a forged amount: " + mismatch),
            OrderStatus.Pending or OrderStatus.Failed =>
                new(SyncAction.Transition, OrderStatus.AwaitingDeposit, $"virtual account issued: {payment.VbankName} {payment.VbankNum}"),
            // PortOne itself says it is still unpaid (status ready), and the deadline is well past.
            OrderStatus.AwaitingDeposit when policy.Now > 0 && payment.VbankDate > 0 && policy.Now > payment.VbankDate + ExpiryGraceSeconds =>
                new(SyncAction.Transition, OrderStatus.Expired, "deposit deadline passed unpaid"),
            _ => SyncDecision.Nothing("already " + order.Status),
        };
    }

    private static SyncDecision DecideCancelled(Order order, PortOnePayment payment, bool amountMatches, string mismatch)
    {
        var fullyCancelled = payment.CancelAmount >= payment.Amount;
        var refundState = fullyCancelled ? OrderStatus.Refunded : OrderStatus.PartiallyRefunded;
        switch (order.Status)
        {
            // cancel_amount is PortOne's running total and never goes down: a smaller one is an answer read before a
            // refund this order already records (a lookup that crossed it in flight). Applying it would roll the refund
            // back, and the refund ledger, which records only increases, would count the difference twice.
            case OrderStatus.Paid or OrderStatus.PartiallyRefunded when (long)payment.CancelAmount < order.CancelledAmount:
                return SyncDecision.Nothing($"PortOne's answer predates a refund already recorded ({Money(payment.CancelAmount)} of {Money(order.CancelledAmount)} refunded)");
            case OrderStatus.Paid or OrderStatus.PartiallyRefunded:
                return refundState == order.Status && (long)payment.CancelAmount == order.CancelledAmount
                    ? SyncDecision.Nothing("refund already recorded")
                    : new(SyncAction.Transition, refundState, $"refunded {Money(payment.CancelAmount)} of {Money(payment.Amount)}: {payment.CancelReason}");
            case OrderStatus.Pending or OrderStatus.AwaitingDeposit or OrderStatus.Scheduled when !amountMatches:
                // We cancelled a forgery and stopped before recording it.
                return new(SyncAction.Transition, OrderStatus.Rejected, "forged amount, cancelled at PortOne: " + mismatch);
            case OrderStatus.Pending or OrderStatus.AwaitingDeposit or OrderStatus.Scheduled when payment.PaidAt > 0:
                // Paid and refunded while none of the roads reached us: keep both facts.
                return new(SyncAction.Transition, refundState, $"paid, then refunded {Money(payment.CancelAmount)}: {payment.CancelReason}");
            case OrderStatus.Pending or OrderStatus.AwaitingDeposit or OrderStatus.Scheduled:
                return new(SyncAction.Transition, OrderStatus.Failed, "cancelled before payment: " + (payment.CancelReason ?? "no reason given"));
            default:
                return SyncDecision.Nothing("a cancellation does not change a " + order.Status + " order");
        }
    }

    private static string Months(int months) => months == 0 ? "a lump sum" : $"{months} months";

    private static string Money(decimal amount) => amount.ToString("#,0.##", CultureInfo.InvariantCulture);
}
