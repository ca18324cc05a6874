using System.Globalization;
using Microsoft.Extensions.Options;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Hosting;
using PortOne.Checkout.Resources;

namespace PortOne.Checkout.Features.Subscriptions;

/// <summary>One subscription at a time, in this process: the steps of one are never interleaved.</summary>
public sealed class SubscriptionLocks : KeyedLock;

public enum CardConfirmation
{
    /// <summary>PortOne confirmed the key; the subscription uses it now.</summary>
    Registered,
    /// <summary>PortOne has no key under the id we gave the window (closed, declined, or not yet done).</summary>
    NotRegistered,
    /// <summary>The key PortOne reports belongs to another customer: not used.</summary>
    Refused,
}

public enum ChargeNowOutcome
{
    /// <summary>Charged with again; the result is on the charge's order.</summary>
    Charged,
    /// <summary>A charge is running (PortOne is executing the schedule, or again's answer is awaited): nothing more is charged.</summary>
    InProgress,
    /// <summary>Cancelled, or no card: nothing to charge.</summary>
    NotLive,
    /// <summary>The charges changed since staff looked (a second click, another member of staff): nothing was charged.</summary>
    Stale,
}

/// <summary>What a cancel did: whether PortOne still ran a charge as it happened (and it was refunded).</summary>
public sealed record CancelOutcome(bool Cancelled, int RefundedCharges, bool Unsettled);

/// <summary>
/// The money side of subscriptions: confirms billing keys, creates each charge as an order, asks PortOne
/// to charge now (<c>again</c>) or at a time (<c>schedule</c>), and decides the next step whenever a
/// charge settles. Every payment result goes through <see cref="PaymentSync"/>; this class only acts on
/// the orders' states. A step is idempotent: the charge's (subscription, cycle, attempt) is unique, so
/// a repeated step finds its work done.
/// </summary>
public sealed partial class SubscriptionBilling(SubscriptionStore store, OrderStore orders, PortOneClient portOne, PaymentSync sync,
    PortOneConnection connection, PublicUrls urls, SubscriptionLocks locks, BillingKeyDeletions keyDeletions, IOptions<SubscriptionOptions> options,
    TimeProvider time, ILogger<SubscriptionBilling> logger)
{
    public const string Source = "subscription";

    /// <summary>A scheduled charge is left to PortOne's webhook this long after its time before reconciliation asks.</summary>
    private const long ReconcileGraceSeconds = 10 * 60;


    /// <summary>The subscription whose steps this async flow is running; the observer leaves it to that loop.</summary>
    private static readonly AsyncLocal<long?> Advancing = new();

    private SubscriptionOptions Options => options.Value;

    private long Now => time.GetUtcNow().ToUnixTimeSeconds();

    public DateOnly TodayInSeoul => KoreanTime.DateOf(time.GetUtcNow());

    /// <summary>When cycle <paramref name="cycle"/> is due: the first charge date plus whole cycles, at the charge hour in Korea.</summary>
    public long ChargeAt(Subscription s, int cycle)
    {
        var first = DateOnly.ParseExact(s.FirstChargeDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return KoreanTime.At(first.AddMonths((cycle - 1) * s.CycleMonths), new TimeOnly(Options.ChargeHour, 0));
    }

    /// <summary>Re-drives a subscription to its next step (the upkeep sweep, and after a charge settles).</summary>
    public Task AdvanceAsync(long subscriptionId, CancellationToken cancellationToken = default) =>
        UnderLockAsync(subscriptionId, () => StepsAsync(subscriptionId, cancellationToken), cancellationToken);

    /// <summary>Called by the sync when one of our charge orders changed state.</summary>
    public async Task OnChargeSettledAsync(Order order, CancellationToken cancellationToken)
    {
        if (await store.FindChargeAsync(order.MerchantUid, cancellationToken) is not { } charge || Advancing.Value == charge.SubscriptionId)
        {
            // Not a subscription charge, or this flow is already stepping that subscription and will see the change.
            return;
        }
        await AdvanceAsync(charge.SubscriptionId, cancellationToken);
    }

    /// <summary>
    /// Confirms with PortOne the key the window was given (never trusting the window's answer) and, when it
    /// exists and is ours, makes it the subscription's card: the first charge follows, or, for a card change,
    /// the pending charge moves to the new key and the old key is deleted at PortOne.
    /// </summary>
    public Task<CardConfirmation> ConfirmCardAsync(long subscriptionId, CancellationToken cancellationToken = default) =>
        UnderLockAsync(subscriptionId, async () =>
        {
            if (await store.FindAsync(subscriptionId, cancellationToken) is not { PendingCustomerUid: { } pending } s)
            {
                return CardConfirmation.NotRegistered;
            }
            var customer = await portOne.GetCustomerAsync(pending, cancellationToken);
            if (customer is null)
            {
                return CardConfirmation.NotRegistered;
            }
            if (customer.CustomerId != s.CustomerId)
            {
                LogForeignKey(logger, pending, s.PublicId);
                return CardConfirmation.Refused;
            }
            if (!await store.UseCardAsync(s.Id, pending, customer.CardName, customer.CardNumber, cancellationToken))
            {
                return CardConfirmation.NotRegistered;
            }
            if (s.CustomerUid is { } oldKey)
            {
                await MoveToNewCardAsync(s, oldKey, cancellationToken);
            }
            await StepsAsync(s.Id, cancellationToken);
            return CardConfirmation.Registered;
        }, cancellationToken);

    /// <summary>
    /// Cancels at once: revokes every schedule, deletes the key at PortOne, and refunds a charge that PortOne
    /// ran while the cancel was under way. Nothing is charged after it.
    /// </summary>
    public Task<CancelOutcome> CancelAsync(long subscriptionId, string requestedBy, CancellationToken cancellationToken = default) =>
        UnderLockAsync(subscriptionId, async () =>
        {
            if (await store.FindAsync(subscriptionId, cancellationToken) is not { } s || s.Status == SubscriptionStatus.Cancelled)
            {
                return new CancelOutcome(false, 0, false);
            }
            await store.SetStatusAsync(s.Id, SubscriptionStatus.Cancelled, "cancelled by " + requestedBy, requestedBy, cancellationToken);
            var unsettled = false;
            foreach (var charge in (await store.ChargesAsync(s.Id, cancellationToken)).Where(c => !c.Replaced && c.OrderStatus is OrderStatus.Scheduled or OrderStatus.Pending))
            {
                // Marked first: if PortOne runs it anyway, the step below (or a later one) refunds it.
                await store.MarkReplacedAsync(charge.Id, cancellationToken);
                try
                {
                    unsettled |= charge.OrderStatus == OrderStatus.Pending
                                 || await RevokeAsync(charge, "subscription cancelled", cancellationToken) == Revocation.Running;
                }
                catch (PortOneApiException ex)
                {
                    // The cancel stands; if PortOne runs the charge anyway, its webhook or reconciliation leads to the refund.
                    LogUnreachable(logger, ex, charge.MerchantUid);
                    unsettled = true;
                }
            }
            if (s.CustomerUid is { } key)
            {
                await DeleteKeyAsync(s, key, "subscription cancelled", cancellationToken);
            }
            var refunded = await RefundChargesAfterCancelAsync(s.Id, cancellationToken);
            return new CancelOutcome(true, refunded, unsettled);
        }, cancellationToken);

    /// <summary>
    /// Staff: collect the upcoming (or overdue) cycle now instead of at its time. The scheduled charge is
    /// revoked first; if PortOne is running it already, nothing more is charged. <paramref name="seenLatest"/> is
    /// the latest charge staff saw (null: none), so a repeated click cannot pull a second cycle forward.
    /// </summary>
    public Task<ChargeNowOutcome> ChargeNowAsync(long subscriptionId, string? seenLatest, CancellationToken cancellationToken = default) =>
        UnderLockAsync(subscriptionId, async () =>
        {
            if (await store.FindAsync(subscriptionId, cancellationToken) is not { } s || !SubscriptionStatus.IsLive(s.Status) || s.CustomerUid is null)
            {
                return ChargeNowOutcome.NotLive;
            }
            var charges = await store.ChargesAsync(s.Id, cancellationToken);
            var latest = charges.Count > 0 ? charges[^1] : null;
            if (latest?.MerchantUid != seenLatest)
            {
                return ChargeNowOutcome.Stale;
            }
            int cycle = 1, attempt = 1;
            if (latest is not null)
            {
                if (latest.OrderStatus == OrderStatus.Pending && !latest.Replaced)
                {
                    return ChargeNowOutcome.InProgress;
                }
                if (latest.OrderStatus == OrderStatus.Scheduled && !latest.Replaced)
                {
                    if (await RevokeAsync(latest, "charged early by staff", cancellationToken) != Revocation.Revoked)
                    {
                        return ChargeNowOutcome.InProgress;
                    }
                    await store.MarkReplacedAsync(latest.Id, cancellationToken);
                }
                (cycle, attempt) = latest.IsPaid ? (latest.Cycle + 1, 1) : (latest.Cycle, latest.Attempt + 1);
            }
            await ChargeAgainAsync(s, cycle, attempt, cancellationToken);
            await StepsAsync(s.Id, cancellationToken);
            return ChargeNowOutcome.Charged;
        }, cancellationToken);

    private async Task<T> UnderLockAsync<T>(long subscriptionId, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        using var held = await locks.AcquireAsync(subscriptionId.ToString(CultureInfo.InvariantCulture), cancellationToken);
        var outer = Advancing.Value;
        Advancing.Value = subscriptionId;
        try
        {
            return await work();
        }
        finally
        {
            Advancing.Value = outer;
        }
    }

    private Task<bool> UnderLockAsync(long subscriptionId, Func<Task> work, CancellationToken cancellationToken) =>
        UnderLockAsync(subscriptionId, async () => { await work(); return true; }, cancellationToken);

    /// <summary>Takes steps until there is nothing to do now; bounded, since each step creates or settles a charge.</summary>
    private async Task StepsAsync(long subscriptionId, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 10 && await StepAsync(subscriptionId, cancellationToken); i++)
        {
        }
    }

    /// <summary>One step from the stored state; true when it changed something and another step may follow.</summary>
    private async Task<bool> StepAsync(long subscriptionId, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(subscriptionId, cancellationToken) is not { } s)
        {
            return false;
        }
        if (s.Status == SubscriptionStatus.Cancelled)
        {
            await RevokeLeftoversAsync(s.Id, cancellationToken);
            await RefundChargesAfterCancelAsync(s.Id, cancellationToken);
            return false;
        }
        if (!SubscriptionStatus.IsLive(s.Status) || s.CustomerUid is null)
        {
            return false;
        }
        var charges = await store.ChargesAsync(s.Id, cancellationToken);
        var latest = charges.Count > 0 ? charges[^1] : null;
        if (latest is null)
        {
            var first = DateOnly.ParseExact(s.FirstChargeDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            return first <= TodayInSeoul
                ? await ChargeAgainAsync(s, 1, 1, cancellationToken)
                : await ScheduleChargeAsync(s, 1, 1, ChargeAt(s, 1), cancellationToken);
        }
        if (latest.Replaced)
        {
            // Revoked for a card change: the same cycle again on the current key, at its time or at once if that has passed.
            return latest.ChargeAt <= Now + 60
                ? await ChargeAgainAsync(s, latest.Cycle, latest.Attempt + 1, cancellationToken)
                : await ScheduleChargeAsync(s, latest.Cycle, latest.Attempt + 1, latest.ChargeAt, cancellationToken);
        }
        if (latest.OrderStatus == OrderStatus.Scheduled)
        {
            return latest.RegisteredAt is null && await RegisterAsync(s, latest, cancellationToken);
        }
        if (latest.OrderStatus == OrderStatus.Pending)
        {
            // again's answer did not arrive: the sync (reconciliation finds it by merchant_uid) settles it first.
            return false;
        }
        if (latest.IsPaid)
        {
            if (s.Status != SubscriptionStatus.Active)
            {
                await store.SetStatusAsync(s.Id, SubscriptionStatus.Active, null, Source, cancellationToken);
            }
            return await ScheduleChargeAsync(s, latest.Cycle + 1, 1, ChargeAt(s, latest.Cycle + 1), cancellationToken);
        }
        // Declined, refused or otherwise not collected: retry on the plan, then suspend.
        var declines = charges.Count(c => c.Cycle == latest.Cycle && !c.Replaced && !c.IsPaid && c.CustomerUid == latest.CustomerUid
                                          && c.OrderStatus is not (OrderStatus.Scheduled or OrderStatus.Pending));
        var retries = Options.Retries;
        if (s.Status != SubscriptionStatus.Suspended && declines <= retries.Count)
        {
            await store.SetStatusAsync(s.Id, SubscriptionStatus.PastDue, latest.OrderStatusReason, Source, cancellationToken);
            var at = Math.Max(latest.OrderUpdatedAt + (long)retries[declines - 1].TotalSeconds, Now + 60);
            return await ScheduleChargeAsync(s, latest.Cycle, latest.Attempt + 1, at, cancellationToken);
        }
        await store.SetStatusAsync(s.Id, SubscriptionStatus.Suspended, latest.OrderStatusReason, Source, cancellationToken);
        return false;
    }

    private async Task<bool> ScheduleChargeAsync(Subscription s, int cycle, int attempt, long at, CancellationToken cancellationToken)
    {
        if (await store.CreateChargeAsync(s, cycle, attempt, ChargeKind.Schedule, at, ReconcileGraceSeconds, cancellationToken) is not { } charge)
        {
            return false;
        }
        await RegisterAsync(s, charge, cancellationToken);
        return true;
    }

    /// <summary>Registers the charge's schedule at PortOne; a refusal fails the charge (the next step retries or suspends).</summary>
    private async Task<bool> RegisterAsync(Subscription s, SubscriptionCharge charge, CancellationToken cancellationToken)
    {
        var channel = connection.BillingChannel;
        try
        {
            await portOne.ScheduleAsync(new BillingSchedule
            {
                CustomerUid = charge.CustomerUid,
                CustomerId = s.CustomerId,
                Pg = channel.Pg,
                ChannelKey = channel.ChannelKey,
                Schedules =
                [
                    new BillingScheduleItem
                    {
                        MerchantUid = charge.MerchantUid, ScheduleAt = charge.ChargeAt, Amount = charge.Amount,
                        Name = OrderName(s, charge.Cycle), BuyerName = s.BuyerName, BuyerEmail = s.BuyerEmail, BuyerTel = s.BuyerTel,
                        BuyerAddr = s.BuyerAddr, BuyerPostcode = s.BuyerPostcode, NoticeUrl = NoticeUrl,
                    },
                ],
            }, cancellationToken);
        }
        catch (PortOneApiException ex) when (ex.Code is not null && !ex.IsTransient)
        {
            // An earlier registration whose answer was lost makes PortOne refuse the duplicate: that one counts.
            if (await portOne.GetScheduleAsync(charge.MerchantUid, cancellationToken) is { ScheduleStatus: "scheduled" } existing
                && existing.CustomerUid == charge.CustomerUid)
            {
                await store.MarkRegisteredAsync(charge.Id, cancellationToken);
                return true;
            }
            await FailChargeAsync(charge, "PortOne refused the schedule: " + ex.PortOneMessage, cancellationToken);
            return true;
        }
        catch (PortOneApiException ex)
        {
            // Unknown whether it was registered: the upkeep sweep asks again (a duplicate is refused, then found above).
            LogUnreachable(logger, ex, charge.MerchantUid);
            return false;
        }
        await store.MarkRegisteredAsync(charge.Id, cancellationToken);
        return true;
    }

    private async Task<bool> ChargeAgainAsync(Subscription s, int cycle, int attempt, CancellationToken cancellationToken)
    {
        if (await store.CreateChargeAsync(s, cycle, attempt, ChargeKind.Again, Now, ReconcileGraceSeconds, cancellationToken) is not { } charge)
        {
            return false;
        }
        var channel = connection.BillingChannel;
        PortOnePayment payment;
        try
        {
            payment = await portOne.ChargeBillingKeyAsync(new BillingKeyCharge
            {
                CustomerUid = charge.CustomerUid, MerchantUid = charge.MerchantUid, Amount = charge.Amount, Name = OrderName(s, cycle),
                BuyerName = s.BuyerName, BuyerEmail = s.BuyerEmail, BuyerTel = s.BuyerTel, BuyerAddr = s.BuyerAddr,
                BuyerPostcode = s.BuyerPostcode, NoticeUrl = NoticeUrl, Pg = channel.Pg, ChannelKey = channel.ChannelKey,
            }, cancellationToken);
        }
        catch (PortOneApiException ex) when (ex.Code is not null && !ex.IsTransient)
        {
            // No payment was made (unknown key, card authentication), unless PortOne says this merchant_uid was paid before.
            if (await portOne.FindPaymentAsync(charge.MerchantUid, cancellationToken) is { } existing)
            {
                await sync.ApplyAsync(existing, Source, cancellationToken);
            }
            else
            {
                await FailChargeAsync(charge, "PortOne refused the charge: " + ex.PortOneMessage, cancellationToken);
            }
            return true;
        }
        catch (PortOneApiException ex)
        {
            // The card may or may not have been charged: the order stays pending and reconciliation asks PortOne by merchant_uid.
            LogUnreachable(logger, ex, charge.MerchantUid);
            return false;
        }
        await sync.ApplyAsync(payment, Source, cancellationToken);
        return true;
    }

    /// <summary>A charge PortOne never took (refused before the card company): no payment exists to sync, so the order fails here.</summary>
    private Task FailChargeAsync(SubscriptionCharge charge, string reason, CancellationToken cancellationToken) =>
        orders.TransitionAsync(new OrderTransition
        {
            OrderId = charge.OrderId, MerchantUid = charge.MerchantUid, From = charge.OrderStatus, FromCancelledAmount = charge.CancelledAmount,
            To = OrderStatus.Failed, Source = Source, Reason = reason,
        }, cancellationToken);

    private enum Revocation { Revoked, Ran, Running }

    /// <summary>
    /// Revokes a scheduled charge. When PortOne has nothing left to revoke, it has run it (or is running it): what it
    /// ran goes through the sync; one still running is left to its webhook and reconciliation.
    /// </summary>
    private async Task<Revocation> RevokeAsync(SubscriptionCharge charge, string reason, CancellationToken cancellationToken)
    {
        try
        {
            await portOne.UnscheduleAsync(charge.CustomerUid, [charge.MerchantUid], cancellationToken);
        }
        catch (PortOneApiException ex) when (ex.Code is not null && !ex.IsTransient)
        {
            var schedule = await portOne.GetScheduleAsync(charge.MerchantUid, cancellationToken);
            if (schedule is not null && schedule.ScheduleStatus != "revoked")
            {
                if (schedule.ImpUid is { } impUid && await portOne.GetPaymentAsync(impUid, cancellationToken) is { } ran)
                {
                    await sync.ApplyAsync(ran, Source, cancellationToken);
                    return Revocation.Ran;
                }
                return Revocation.Running;
            }
        }
        await FailChargeAsync(charge, reason + "; schedule revoked at PortOne", cancellationToken);
        return Revocation.Revoked;
    }

    private async Task MoveToNewCardAsync(Subscription s, string oldKey, CancellationToken cancellationToken)
    {
        var charges = await store.ChargesAsync(s.Id, cancellationToken);
        foreach (var charge in charges.Where(c => !c.Replaced && c.OrderStatus == OrderStatus.Scheduled && c.CustomerUid == oldKey))
        {
            if (await RevokeAsync(charge, "card changed", cancellationToken) == Revocation.Revoked)
            {
                await store.MarkReplacedAsync(charge.Id, cancellationToken);
            }
        }
        await DeleteKeyAsync(s, oldKey, "card changed", cancellationToken);
        // A declined cycle is collected at once from the new card rather than at the next retry.
        var afterMove = await store.ChargesAsync(s.Id, cancellationToken);
        var latest = afterMove.Count > 0 ? afterMove[^1] : null;
        if (s.Status is SubscriptionStatus.PastDue or SubscriptionStatus.Suspended && latest is not null && !latest.IsPaid
            && (latest.Replaced || latest.OrderStatus is not (OrderStatus.Scheduled or OrderStatus.Pending))
            && await store.FindAsync(s.Id, cancellationToken) is { } current)
        {
            await ChargeAgainAsync(current, latest.Cycle, latest.Attempt + 1, cancellationToken);
        }
    }

    /// <summary>Deleted at once when PortOne answers; otherwise the upkeep retries it (<see cref="BillingKeyDeletions"/>).</summary>
    private Task DeleteKeyAsync(Subscription s, string customerUid, string reason, CancellationToken cancellationToken) =>
        keyDeletions.DeleteAsync(s.Id, customerUid, reason, cancellationToken);

    /// <summary>A schedule the cancel could not revoke (PortOne unreachable then) is revoked on a later pass.</summary>
    private async Task RevokeLeftoversAsync(long subscriptionId, CancellationToken cancellationToken)
    {
        foreach (var charge in (await store.ChargesAsync(subscriptionId, cancellationToken)).Where(c => c.Replaced && c.OrderStatus == OrderStatus.Scheduled))
        {
            try
            {
                await RevokeAsync(charge, "subscription cancelled", cancellationToken);
            }
            catch (PortOneApiException ex)
            {
                LogUnreachable(logger, ex, charge.MerchantUid);
            }
        }
    }

    /// <summary>Refunds every charge that was live when the subscription was cancelled and that PortOne ran anyway.</summary>
    private async Task<int> RefundChargesAfterCancelAsync(long subscriptionId, CancellationToken cancellationToken)
    {
        var refunded = 0;
        foreach (var charge in (await store.ChargesAsync(subscriptionId, cancellationToken)).Where(c => c.Replaced && c.OrderStatus == OrderStatus.Paid))
        {
            if (await orders.FindAsync(charge.MerchantUid, cancellationToken) is not { ImpUid: { } impUid } order)
            {
                continue;
            }
            try
            {
                var cancelled = await portOne.CancelAsync(new CancelPaymentRequest
                {
                    ImpUid = impUid, Checksum = order.RefundableAmount,
                    Reason = "구독 해지와 동시에 결제되어 자동 환불 (charged as the subscription was cancelled)",
                }, cancellationToken);
                await sync.ApplyAsync(cancelled, SyncSource.Refund, cancellationToken);
                await store.AddEventAsync(subscriptionId, Source, $"{charge.MerchantUid} ran as the subscription was cancelled; refunded in full", cancellationToken);
                refunded++;
            }
            catch (PortOneApiException ex)
            {
                LogRefundFailed(logger, ex, charge.MerchantUid);
            }
        }
        return refunded;
    }

    private string NoticeUrl => urls.Absolute("api/v1/payments/notice");

    private static string OrderName(Subscription s, int cycle)
    {
        var name = $"{s.PlanName} {cycle}회차";
        return name.Length <= 40 ? name : name[..40];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Billing key {CustomerUid} belongs to another customer than subscription {PublicId}; not used")]
    private static partial void LogForeignKey(ILogger logger, string customerUid, string publicId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PortOne did not answer for subscription charge {MerchantUid}; left for reconciliation and the upkeep sweep")]
    private static partial void LogUnreachable(ILogger logger, Exception exception, string merchantUid);

    [LoggerMessage(Level = LogLevel.Error, Message = "Charge {MerchantUid} ran after its subscription was cancelled and could not be refunded; refund it by hand")]
    private static partial void LogRefundFailed(ILogger logger, Exception exception, string merchantUid);
}
