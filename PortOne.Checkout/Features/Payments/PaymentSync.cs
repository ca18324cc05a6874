using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Resources;

namespace PortOne.Checkout.Features.Payments;

/// <summary>Where a sync was asked for; recorded on every event.</summary>
public static class SyncSource
{
    public const string Callback = "callback";
    public const string Redirect = "redirect";
    public const string Webhook = "webhook";
    public const string Admin = "admin";
    public const string Refund = "refund";
    public const string Reconciliation = "reconciliation";
}

public enum SyncOutcome
{
    Applied,
    Unchanged,
    Flagged,
    /// <summary>PortOne knows no payment with this imp_uid.</summary>
    UnknownPayment,
    /// <summary>PortOne's payment names a merchant_uid that is none of our orders.</summary>
    UnknownOrder,
    /// <summary>
    /// PortOne's answer names its payment or order with a control character in the imp_uid or merchant_uid. No id we
    /// issue or PortOne documents holds one, so it is no payment of ours; nothing is read or written for it.
    /// </summary>
    MalformedAnswer,
}

public sealed record SyncResult(SyncOutcome Outcome, Order? Order, string Detail);

/// <summary>
/// Told after the sync applied a transition, once per transition however many roads delivered it
/// (the losers of a race see no transition). What follows a charge (the next one of a subscription)
/// hangs here instead of in the sync.
/// </summary>
public interface IPaymentObserver
{
    Task OnTransitionAsync(Order order, PortOnePayment payment, string source, CancellationToken cancellationToken);
}

/// <summary>
/// The one path by which a PortOne payment changes an order (docs/architecture.md, "The one sync"). Callback,
/// redirect, webhook, admin re-check and reconciliation all end here. It trusts only what PortOne's
/// API returns, finds the order by the merchant_uid PortOne reports, and applies at most one
/// transition however many copies run at once.
/// </summary>
public sealed partial class PaymentSync(PortOneClient portOne, OrderStore orders, PortOneConnection connection, OrderLocks orderLocks,
    SyncRounds rounds, TimeProvider time, PaymentMetrics metrics, ILogger<PaymentSync> logger, IEnumerable<IPaymentObserver> observers)
{
    private PaymentPolicy Policy => new(connection.AcceptsTestPayments, connection.PgProvider, time.GetUtcNow().ToUnixTimeSeconds());

    /// <summary>
    /// Re-fetches <paramref name="impUid"/> from PortOne and applies it; copies that arrive together
    /// share one round (see <see cref="SyncRounds"/>). Throws <see cref="PortOneApiException"/> when
    /// PortOne cannot answer.
    /// </summary>
    public Task<SyncResult> SyncAsync(string impUid, string source, CancellationToken cancellationToken = default) =>
        rounds.RunAsync(impUid, ct => metrics.MeasureSyncAsync(source, () => SyncNowAsync(impUid, source, ct)), cancellationToken);

    private async Task<SyncResult> SyncNowAsync(string impUid, string source, CancellationToken cancellationToken)
    {
        var payment = await portOne.GetPaymentAsync(impUid, cancellationToken);
        if (payment is null)
        {
            LogUnknownPayment(logger, source, impUid);
            await orders.RecordOrphanEventAsync(null, impUid, source, null, "PortOne knows no such payment", cancellationToken);
            return new SyncResult(SyncOutcome.UnknownPayment, null, "PortOne knows no such payment");
        }
        return await ApplyNowAsync(payment, source, cancellationToken);
    }

    /// <summary>Applies a payment PortOne's API just returned (a lookup or a cancel response).</summary>
    public Task<SyncResult> ApplyAsync(PortOnePayment payment, string source, CancellationToken cancellationToken = default) =>
        metrics.MeasureSyncAsync(source, () => ApplyNowAsync(payment, source, cancellationToken));

    private async Task<SyncResult> ApplyNowAsync(PortOnePayment payment, string source, CancellationToken cancellationToken)
    {
        // Refused before the database is asked anything: PostgreSQL refuses a NUL even as a parameter, and an
        // identifier is never cleaned like text, since a changed one would name something else. Answered as an
        // outcome, not thrown: the same answer comes back on every retry, so only a result ends the retries.
        if (!SingleLine.Allows(payment.ImpUid) || !SingleLine.Allows(payment.MerchantUid))
        {
            LogMalformedAnswer(logger, source, SingleLine.Visible(payment.ImpUid), SingleLine.Visible(payment.MerchantUid));
            return new SyncResult(SyncOutcome.MalformedAnswer, null, MalformedAnswerDetail);
        }
        SyncResult result;
        using (await orderLocks.AcquireAsync(payment.MerchantUid, cancellationToken))
        {
            result = await ApplyHeldAsync(payment, source, cancellationToken);
        }
        // Outside the order's lock: an observer may take locks of its own that a holder of this one waits for.
        if (result.Outcome == SyncOutcome.Applied && result.Order is { } order)
        {
            await NotifyAsync(order, payment, source, cancellationToken);
        }
        return result;
    }

    private async Task<SyncResult> ApplyHeldAsync(PortOnePayment payment, string source, CancellationToken cancellationToken)
    {
        var order = await orders.FindAsync(payment.MerchantUid, cancellationToken);
        if (order is null)
        {
            LogUnknownOrder(logger, source, payment.ImpUid, payment.MerchantUid);
            await orders.RecordOrphanEventAsync(payment.MerchantUid, payment.ImpUid, source, payment.Status, "no order has this merchant_uid", cancellationToken);
            return new SyncResult(SyncOutcome.UnknownOrder, null, "no order has this merchant_uid");
        }

        var decision = SyncRules.Decide(order, payment, Policy);
        switch (decision.Action)
        {
            case SyncAction.None:
                return new SyncResult(SyncOutcome.Unchanged, order, decision.Reason);
            case SyncAction.Flag:
                LogFlagged(logger, order.MerchantUid, decision.Reason);
                await orders.FlagAsync(order.Id, order.MerchantUid, payment.ImpUid, source, payment.Status, decision.Reason, cancellationToken);
                return new SyncResult(SyncOutcome.Flagged, await orders.FindAsync(order.MerchantUid, cancellationToken), decision.Reason);
            case SyncAction.CancelForgery:
                payment = await CancelForgeryAsync(payment, decision.Reason, cancellationToken);
                if (payment.Status != "cancelled")
                {
                    var stuck = decision.Reason + "; the automatic cancel did not go through, refund it by hand";
                    await orders.FlagAsync(order.Id, order.MerchantUid, payment.ImpUid, source, payment.Status, stuck, cancellationToken);
                    return new SyncResult(SyncOutcome.Flagged, await orders.FindAsync(order.MerchantUid, cancellationToken), stuck);
                }
                break;
        }

        var applied = await orders.TransitionAsync(ToTransition(order, payment, decision, source), cancellationToken);
        if (applied)
        {
            metrics.Transitioned(order.Status, decision.To!, source);
            LogTransition(logger, order.MerchantUid, order.Status, decision.To!, source, payment.ImpUid);
            if (decision.Flag is not null)
            {
                LogFlaggedTransition(logger, order.MerchantUid, decision.To!, decision.Flag);
            }
        }
        return new SyncResult(applied ? SyncOutcome.Applied : SyncOutcome.Unchanged,
            await orders.FindAsync(order.MerchantUid, cancellationToken), decision.Reason);
    }

    /// <summary>
    /// Closes a pending order as abandoned when PortOne has no payment for it (or only a window left
    /// open, <paramref name="latest"/>) <paramref name="horizon"/> after it was placed. Nothing else
    /// changes: a payment that arrives later still pays it, flagged.
    /// </summary>
    public async Task<SyncResult> AbandonIfUnpaidAsync(string merchantUid, PortOnePayment? latest, TimeSpan horizon, CancellationToken cancellationToken = default)
    {
        using var held = await orderLocks.AcquireAsync(merchantUid, cancellationToken);
        var order = await orders.FindAsync(merchantUid, cancellationToken);
        if (order is null)
        {
            return new SyncResult(SyncOutcome.UnknownOrder, null, "no order has this merchant_uid");
        }
        var decision = SyncRules.DecideUnpaid(order, latest, Policy.Now, (long)horizon.TotalSeconds);
        if (decision.Action != SyncAction.Transition)
        {
            return new SyncResult(SyncOutcome.Unchanged, order, decision.Reason);
        }
        var applied = await orders.TransitionAsync(new OrderTransition
        {
            OrderId = order.Id,
            MerchantUid = order.MerchantUid,
            From = order.Status,
            FromCancelledAmount = order.CancelledAmount,
            To = decision.To!,
            Source = SyncSource.Reconciliation,
            Reason = decision.Reason,
            PortOneStatus = latest?.Status,
        }, cancellationToken);
        if (applied)
        {
            metrics.Transitioned(order.Status, decision.To!, SyncSource.Reconciliation);
            LogAbandoned(logger, order.MerchantUid, decision.Reason);
        }
        return new SyncResult(applied ? SyncOutcome.Applied : SyncOutcome.Unchanged,
            await orders.FindAsync(order.MerchantUid, cancellationToken), decision.Reason);
    }

    /// <summary>
    /// The transition is committed whatever an observer does; an observer that fails is logged and left to
    /// its own sweep to catch up, so a webhook is not answered 5xx for work the sync already did.
    /// </summary>
    private async Task NotifyAsync(Order order, PortOnePayment payment, string source, CancellationToken cancellationToken)
    {
        foreach (var observer in observers)
        {
            try
            {
                await observer.OnTransitionAsync(order, payment, source, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogObserverFailed(logger, ex, order.MerchantUid, order.Status, observer.GetType().Name);
            }
        }
    }

    private async Task<PortOnePayment> CancelForgeryAsync(PortOnePayment payment, string reason, CancellationToken cancellationToken)
    {
        LogCancellingForgery(logger, payment.ImpUid, payment.MerchantUid, reason);
        try
        {
            return await portOne.CancelAsync(new CancelPaymentRequest
            {
                ImpUid = payment.ImpUid,
                Checksum = payment.CancellableBalance,
                Reason = "결제 금액 위변조 의심으로 자동 취소 (amount mismatch)",
            }, cancellationToken);
        }
        catch (PortOneApiException ex) when (ex.Code is not null)
        {
            // Refused (already cancelled by another process, balance moved): PortOne's current view decides.
            LogForgeryCancelRefused(logger, ex, payment.ImpUid);
            return await portOne.GetPaymentAsync(payment.ImpUid, cancellationToken) ?? payment;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Suspicious {Source}: PortOne knows no payment {ImpUid}")]
    private static partial void LogUnknownPayment(ILogger logger, string source, string impUid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Suspicious {Source}: payment {ImpUid} names merchant_uid {MerchantUid}, which is no order of ours")]
    private static partial void LogUnknownOrder(ILogger logger, string source, string impUid, string merchantUid);

    private const string MalformedAnswerDetail = "PortOne's answer has a control character in its imp_uid or merchant_uid; no payment or order of ours has one";

    [LoggerMessage(Level = LogLevel.Error, Message = "Refused PortOne's answer ({Source}): imp_uid '{ImpUid}' or merchant_uid '{MerchantUid}' holds a control character, "
        + "so it is no payment or order of ours; nothing was changed")]
    private static partial void LogMalformedAnswer(ILogger logger, string source, string impUid, string merchantUid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {MerchantUid} flagged: {Reason}")]
    private static partial void LogFlagged(ILogger logger, string merchantUid, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {MerchantUid}: {From} -> {To} ({Source}, {ImpUid})")]
    private static partial void LogTransition(ILogger logger, string merchantUid, string from, string to, string source, string impUid);

    [LoggerMessage(Level = LogLevel.Error, Message = "After order {MerchantUid} became {Status}, {Observer} failed")]
    private static partial void LogObserverFailed(ILogger logger, Exception exception, string merchantUid, string status, string observer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cancelling forged payment {ImpUid} for {MerchantUid}: {Reason}")]
    private static partial void LogCancellingForgery(ILogger logger, string impUid, string merchantUid, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cancel of forged payment {ImpUid} refused; re-reading it")]
    private static partial void LogForgeryCancelRefused(ILogger logger, Exception exception, string impUid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {MerchantUid} is {To} and flagged: {Flag}")]
    private static partial void LogFlaggedTransition(ILogger logger, string merchantUid, string to, string flag);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {MerchantUid} closed as abandoned: {Reason}")]
    private static partial void LogAbandoned(ILogger logger, string merchantUid, string reason);

    private static OrderTransition ToTransition(Order order, PortOnePayment payment, SyncDecision decision, string source) => new()
    {
        OrderId = order.Id,
        MerchantUid = order.MerchantUid,
        From = order.Status,
        FromCancelledAmount = order.CancelledAmount,
        To = decision.To!,
        Source = source,
        Reason = decision.Reason,
        ImpUid = payment.ImpUid,
        PortOneStatus = payment.Status,
        CancelledAmount = (long)payment.CancelAmount,
        CardName = payment.CardName,
        CardQuota = payment.PayMethod == "card" ? payment.CardQuota : null,
        VbankName = payment.VbankName,
        VbankNum = payment.VbankNum,
        VbankDue = payment.VbankDate > 0 ? payment.VbankDate : null,
        ReceiptUrl = payment.ReceiptUrl,
        PaidAt = payment.PaidAt > 0 ? payment.PaidAt : null,
        Flag = decision.Flag,
    };
}
