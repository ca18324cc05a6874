using System.Collections.Concurrent;

namespace PortOne.Sandbox.Store;

/// <summary>PortOne's Customer (CustomerAnnotation): a billing key's card and owner.</summary>
internal sealed record Customer
{
    public required string CustomerUid { get; init; }
    public string PgProvider { get; init; } = "tosspayments";
    public string? PgId { get; init; }
    public bool Sandbox { get; init; } = true;
    public string? CustomerId { get; init; }
    public string? CardName { get; init; }
    public string? CardCode { get; init; }
    public string? CardIssuerCode { get; init; }
    public string? CardIssuerName { get; init; }
    public string? CardPublisherCode { get; init; }
    public string? CardPublisherName { get; init; }
    public string? CardNumber { get; init; }
    public int? CardType { get; init; }
    public string? CustomerName { get; init; }
    public string? CustomerTel { get; init; }
    public string? CustomerEmail { get; init; }
    public string? CustomerAddr { get; init; }
    public string? CustomerPostcode { get; init; }
    public long Inserted { get; init; }
    public long Updated { get; init; }

    /// <summary>What the card company will do with charges on this key; never on the wire.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public CardOutcome Outcome { get; init; }
}

/// <summary>PortOne's ScheduleResult (ScheduleResultAnnotation).</summary>
internal sealed record ScheduleResult
{
    public required string CustomerUid { get; init; }
    public required string MerchantUid { get; init; }
    public string? ImpUid { get; init; }
    public string PgProvider { get; init; } = "tosspayments";
    public string? PgId { get; init; }
    public string? CustomerId { get; init; }
    public long ScheduleAt { get; init; }
    public long ExecutedAt { get; init; }
    public long RevokedAt { get; init; }
    public decimal Amount { get; init; }
    public string Currency { get; init; } = "KRW";
    public string? Name { get; init; }
    public string? BuyerName { get; init; }
    public string? BuyerEmail { get; init; }
    public string? BuyerTel { get; init; }
    public string? BuyerAddr { get; init; }
    public string? BuyerPostcode { get; init; }
    public string? CustomData { get; init; }
    public string ScheduleStatus { get; init; } = ScheduleStatuses.Scheduled;
    public string? PaymentStatus { get; init; }
    public string? FailReason { get; init; }
    public string? PromotionId { get; init; }
}

internal static class ScheduleStatuses
{
    public const string Scheduled = "scheduled";
    public const string Executed = "executed";
    public const string Revoked = "revoked";
}

/// <summary>A schedule plus what its execution needs that ScheduleResult does not show.</summary>
internal sealed record Schedule(ScheduleResult Result, IReadOnlyList<string> NoticeUrls, int CardQuota);

/// <summary>
/// In-memory billing keys and schedules. Keys are written whole (the last issue wins). Schedules change
/// only through the methods below, which check and write under the store's own lock, so a schedule is
/// never both revoked and run, nor run twice.
/// </summary>
internal sealed class SubscriptionStore
{
    private readonly ConcurrentDictionary<string, Customer> _customers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Schedule> _schedules = new(StringComparer.Ordinal);
    private readonly Lock _scheduleLock = new();

    public Customer? FindCustomer(string customerUid) => _customers.TryGetValue(customerUid, out var c) ? c : null;

    public void SaveCustomer(Customer customer) => _customers[customer.CustomerUid] = customer;

    /// <summary>The removed key, or null when there was none.</summary>
    public Customer? RemoveCustomer(string customerUid) => _customers.TryRemove(customerUid, out var removed) ? removed : null;

    public Schedule? FindSchedule(string merchantUid) => _schedules.TryGetValue(merchantUid, out var s) ? s : null;

    public IEnumerable<Schedule> Schedules => _schedules.Values;

    /// <summary>
    /// Adds all the schedules, or none: returns the first merchant_uid already scheduled (and not revoked) or
    /// already paid, else null.
    /// </summary>
    public string? TryAdd(IReadOnlyList<Schedule> schedules, Func<string, bool> isPaid)
    {
        lock (_scheduleLock)
        {
            foreach (var merchantUid in schedules.Select(s => s.Result.MerchantUid))
            {
                if ((FindSchedule(merchantUid) is { } existing && existing.Result.ScheduleStatus != ScheduleStatuses.Revoked) || isPaid(merchantUid))
                {
                    return merchantUid;
                }
            }
            foreach (var schedule in schedules)
            {
                _schedules[schedule.Result.MerchantUid] = schedule;
            }
            return null;
        }
    }

    /// <summary>Revokes the pending schedules of a customer (all, or those listed) or, without one, the listed ones of anyone.</summary>
    public IReadOnlyList<ScheduleResult> Revoke(string? customerUid, IReadOnlyCollection<string> merchantUids, long now)
    {
        lock (_scheduleLock)
        {
            var targets = _schedules.Values
                .Where(s => (customerUid is null || s.Result.CustomerUid == customerUid) && s.Result.ScheduleStatus == ScheduleStatuses.Scheduled
                            && (merchantUids.Count == 0 || merchantUids.Contains(s.Result.MerchantUid)))
                .ToArray();
            foreach (var target in targets)
            {
                _schedules[target.Result.MerchantUid] = target with { Result = target.Result with { ScheduleStatus = ScheduleStatuses.Revoked, RevokedAt = now } };
            }
            return [.. targets.Select(t => _schedules[t.Result.MerchantUid].Result).OrderBy(r => r.ScheduleAt)];
        }
    }

    /// <summary>Marks the earliest schedule due by <paramref name="now"/> executed and returns it, or null when none is due.</summary>
    public Schedule? ClaimDue(long now)
    {
        lock (_scheduleLock)
        {
            if (_schedules.Values.Where(s => s.Result.ScheduleStatus == ScheduleStatuses.Scheduled && s.Result.ScheduleAt <= now)
                    .OrderBy(s => s.Result.ScheduleAt).FirstOrDefault() is not { } due)
            {
                return null;
            }
            var claimed = due with { Result = due.Result with { ScheduleStatus = ScheduleStatuses.Executed, ExecutedAt = now } };
            _schedules[due.Result.MerchantUid] = claimed;
            return claimed;
        }
    }

    /// <summary>Records the outcome of a claimed (executed) schedule; nothing else writes an executed schedule.</summary>
    public void Complete(ScheduleResult done) => _schedules[done.MerchantUid] = _schedules[done.MerchantUid] with { Result = done };

    public void Clear()
    {
        lock (_scheduleLock)
        {
            _customers.Clear();
            _schedules.Clear();
        }
    }
}
