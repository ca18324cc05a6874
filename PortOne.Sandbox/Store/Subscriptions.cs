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

/// <summary>In-memory billing keys and schedules; writers share the payment store's lock so a charge and its bookkeeping are atomic.</summary>
internal sealed class SubscriptionStore
{
    private readonly ConcurrentDictionary<string, Customer> _customers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Schedule> _schedules = new(StringComparer.Ordinal);

    public Customer? FindCustomer(string customerUid) => _customers.TryGetValue(customerUid, out var c) ? c : null;

    public void SaveCustomer(Customer customer) => _customers[customer.CustomerUid] = customer;

    public bool RemoveCustomer(string customerUid) => _customers.TryRemove(customerUid, out _);

    public Schedule? FindSchedule(string merchantUid) => _schedules.TryGetValue(merchantUid, out var s) ? s : null;

    public IEnumerable<Schedule> Schedules => _schedules.Values;

    public void SaveSchedule(Schedule schedule) => _schedules[schedule.Result.MerchantUid] = schedule;

    public void Clear()
    {
        _customers.Clear();
        _schedules.Clear();
    }
}
