using System.Text.Json.Serialization;
using Flurl.Http;

namespace PortOne.Checkout.Features.Payments;

/// <summary>
/// Billing keys and charges on them (<c>/subscribe/...</c>). A key is known to this app only by its
/// <c>customer_uid</c>; the card behind it stays at PortOne.
/// </summary>
public sealed partial class PortOneClient
{
    /// <summary><c>GET /subscribe/customers/{customer_uid}</c>: the key and its masked card; null when PortOne has none.</summary>
    public Task<PortOneCustomer?> GetCustomerAsync(string customerUid, CancellationToken cancellationToken = default) =>
        SendAsync<PortOneCustomer>("GET /subscribe/customers/{customer_uid}", notFoundIsNull: true,
            (request, ct) => request.AppendPathSegments("subscribe", "customers", customerUid).GetAsync(cancellationToken: ct),
            cancellationToken);

    /// <summary>
    /// <c>POST /subscribe/customers/{customer_uid}</c>: authenticates a card typed in by staff and keeps it at PortOne
    /// as a billing key; no money moves. A card that fails authentication is a <see cref="PortOneApiException"/>
    /// (code -1) and no key. Never retried: an unanswered call is found out with <see cref="GetCustomerAsync"/>.
    /// </summary>
    public async Task<PortOneCustomer> IssueBillingKeyAsync(string customerUid, BillingKeyRegistration registration,
        CancellationToken cancellationToken = default) =>
        (await SendAsync<PortOneCustomer>("POST /subscribe/customers/{customer_uid}", notFoundIsNull: false,
            (request, ct) => request.AppendPathSegments("subscribe", "customers", Segment(customerUid)).PostJsonAsync(registration, cancellationToken: ct),
            cancellationToken))!;

    /// <summary><c>DELETE /subscribe/customers/{customer_uid}</c>: irreversible; null when the key was already gone.</summary>
    public Task<PortOneCustomer?> DeleteCustomerAsync(string customerUid, string reason, CancellationToken cancellationToken = default) =>
        SendAsync<PortOneCustomer>("DELETE /subscribe/customers/{customer_uid}", notFoundIsNull: true,
            (request, ct) => request.AppendPathSegments("subscribe", "customers", customerUid)
                .SetQueryParam("reason", reason)
                .DeleteAsync(cancellationToken: ct),
            cancellationToken);

    /// <summary>
    /// <c>POST /subscribe/payments/again</c>: charges a key now. Code 0 means the card company answered:
    /// the payment is <c>paid</c> or <c>failed</c>. Any other code (unknown key, authentication failure) is a
    /// <see cref="PortOneApiException"/> with <see cref="PortOneApiException.Code"/> set and no payment. Never
    /// retried: an unanswered charge is found later by its merchant_uid.
    /// </summary>
    public async Task<PortOnePayment> ChargeBillingKeyAsync(BillingKeyCharge charge, CancellationToken cancellationToken = default) =>
        (await SendAsync<PortOnePayment>("POST /subscribe/payments/again", notFoundIsNull: false,
            (request, ct) => request.AppendPathSegments("subscribe", "payments", "again").PostJsonAsync(charge, cancellationToken: ct),
            cancellationToken))!;

    /// <summary>
    /// <c>POST /subscribe/payments/onetime</c>: charges a card typed in by staff. Code 0: the card company answered
    /// (<c>paid</c> or <c>failed</c> with <c>fail_reason</c>); code -1: the card failed authentication and no payment
    /// exists. Never retried.
    /// </summary>
    public async Task<PortOnePayment> ChargeCardAsync(KeyedCardCharge charge, CancellationToken cancellationToken = default) =>
        (await SendAsync<PortOnePayment>("POST /subscribe/payments/onetime", notFoundIsNull: false,
            (request, ct) => request.AppendPathSegments("subscribe", "payments", "onetime").PostJsonAsync(charge, cancellationToken: ct),
            cancellationToken))!;

    /// <summary><c>POST /subscribe/payments/schedule</c>: PortOne charges the key at each <c>schedule_at</c> and sends the webhook.</summary>
    public async Task<IReadOnlyList<PortOneSchedule>> ScheduleAsync(BillingSchedule schedule, CancellationToken cancellationToken = default) =>
        (await SendAsync<List<PortOneSchedule>>("POST /subscribe/payments/schedule", notFoundIsNull: false,
            (request, ct) => request.AppendPathSegments("subscribe", "payments", "schedule").PostJsonAsync(schedule, cancellationToken: ct),
            cancellationToken))!;

    /// <summary>
    /// <c>POST /subscribe/payments/unschedule</c> for these merchant_uids of the key. Code 1 (nothing left to
    /// revoke: already run or revoked) comes back as a <see cref="PortOneApiException"/>.
    /// </summary>
    public async Task<IReadOnlyList<PortOneSchedule>> UnscheduleAsync(string customerUid, IReadOnlyList<string> merchantUids,
        CancellationToken cancellationToken = default) =>
        (await SendAsync<List<PortOneSchedule>>("POST /subscribe/payments/unschedule", notFoundIsNull: false,
            (request, ct) => request.AppendPathSegments("subscribe", "payments", "unschedule")
                .PostJsonAsync(new { customer_uid = customerUid, merchant_uid = merchantUids }, cancellationToken: ct),
            cancellationToken))!;

    /// <summary><c>GET /subscribe/payments/schedule/{merchant_uid}</c>; null when PortOne has no such schedule.</summary>
    public Task<PortOneSchedule?> GetScheduleAsync(string merchantUid, CancellationToken cancellationToken = default) =>
        SendAsync<PortOneSchedule>("GET /subscribe/payments/schedule/{merchant_uid}", notFoundIsNull: true,
            (request, ct) => request.AppendPathSegments("subscribe", "payments", "schedule", merchantUid).GetAsync(cancellationToken: ct),
            cancellationToken);
}

/// <summary>PortOne's Customer: a billing key's owner and its card as PortOne masks it.</summary>
public sealed record PortOneCustomer
{
    [PortOneIdentifier] public required string CustomerUid { get; init; }
    [PortOneIdentifier] public string? CustomerId { get; init; }
    [JsonConverter(typeof(PortOneText))] public string? PgProvider { get; init; }
    [JsonConverter(typeof(PortOneText))] public string? PgId { get; init; }
    public bool Sandbox { get; init; }
    [JsonConverter(typeof(PortOneText))] public string? CardName { get; init; }
    [JsonConverter(typeof(PortOneText))] public string? CardCode { get; init; }
    [JsonConverter(typeof(PortOneText))] public string? CardNumber { get; init; }
    public long Inserted { get; init; }
    public long Updated { get; init; }
}

/// <summary>PortOne's ScheduleResult.</summary>
public sealed record PortOneSchedule
{
    [PortOneIdentifier] public required string CustomerUid { get; init; }
    [PortOneIdentifier] public required string MerchantUid { get; init; }
    [PortOneIdentifier] public string? ImpUid { get; init; }
    public long ScheduleAt { get; init; }
    public long ExecutedAt { get; init; }
    public long RevokedAt { get; init; }
    public decimal Amount { get; init; }
    [JsonConverter(typeof(PortOneText))] public string? ScheduleStatus { get; init; }
    [JsonConverter(typeof(PortOneText))] public string? PaymentStatus { get; init; }
    [JsonConverter(typeof(PortOneText))] public string? FailReason { get; init; }
}

/// <summary>
/// Body of <c>POST /subscribe/payments/again</c>. The channel goes as <see cref="Pg"/> or
/// <see cref="ChannelKey"/>, whichever the deployment configured (see <see cref="PortOneChannel"/>).
/// </summary>
public sealed record BillingKeyCharge
{
    public required string CustomerUid { get; init; }
    public required string MerchantUid { get; init; }
    public required long Amount { get; init; }
    public required string Name { get; init; }
    /// <summary>Installment months: 0 (lump sum) or 2 and more, from 50,000 won.</summary>
    public int CardQuota { get; init; }
    public string Currency { get; init; } = "KRW";
    public string? BuyerName { get; init; }
    public string? BuyerEmail { get; init; }
    public string? BuyerTel { get; init; }
    public string? BuyerAddr { get; init; }
    public string? BuyerPostcode { get; init; }
    public string? NoticeUrl { get; init; }
    public string? Pg { get; init; }
    public string? ChannelKey { get; init; }
}

/// <summary>Body of <c>POST /subscribe/payments/schedule</c>; Toss wants <see cref="CustomerId"/>.</summary>
public sealed record BillingSchedule
{
    public required string CustomerUid { get; init; }
    public required string CustomerId { get; init; }
    public required IReadOnlyList<BillingScheduleItem> Schedules { get; init; }
    public string? Pg { get; init; }
    public string? ChannelKey { get; init; }
}

public sealed record BillingScheduleItem
{
    public required string MerchantUid { get; init; }
    public required long ScheduleAt { get; init; }
    public required long Amount { get; init; }
    public required string Name { get; init; }
    public string Currency { get; init; } = "KRW";
    public string? BuyerName { get; init; }
    public string? BuyerEmail { get; init; }
    public string? BuyerTel { get; init; }
    public string? BuyerAddr { get; init; }
    public string? BuyerPostcode { get; init; }
    public string? NoticeUrl { get; init; }
}

/// <summary>
/// Body of <c>POST /subscribe/payments/onetime</c>: a card payment without a window (수기결제). It carries card
/// data, which goes to PortOne only: <see cref="ToString"/> prints none of it, and nothing here is stored.
/// </summary>
public sealed record KeyedCardCharge
{
    public required string MerchantUid { get; init; }
    public required long Amount { get; init; }
    public required string Name { get; init; }
    public required string CardNumber { get; init; }
    public required string Expiry { get; init; }
    public required string Birth { get; init; }
    /// <summary>The first two digits of the card's PIN; PortOne's name has a digit in it that no naming policy spells.</summary>
    [JsonPropertyName("pwd_2digit")]
    public string? Pwd2digit { get; init; }
    public int CardQuota { get; init; }
    public string Currency { get; init; } = "KRW";
    public string? BuyerName { get; init; }
    public string? BuyerEmail { get; init; }
    public string? BuyerTel { get; init; }
    public string? NoticeUrl { get; init; }
    public string? Pg { get; init; }
    public string? ChannelKey { get; init; }
    /// <summary>When set, PortOne also keeps the card as a billing key under this id (made by the server, never typed).</summary>
    public string? CustomerUid { get; init; }

    public override string ToString() => $"KeyedCardCharge {{ MerchantUid = {MerchantUid}, Amount = {Amount}, CustomerUid = {CustomerUid} }}";
}

/// <summary>
/// Body of <c>POST /subscribe/customers/{customer_uid}</c>: a card to keep as a billing key. It carries card data,
/// which goes to PortOne only: <see cref="ToString"/> prints none of it, and nothing here is stored.
/// </summary>
public sealed record BillingKeyRegistration
{
    /// <summary>Our customer; Toss needs it to tie the key to a buyer.</summary>
    public required string CustomerId { get; init; }
    public required string CardNumber { get; init; }
    public required string Expiry { get; init; }
    public required string Birth { get; init; }
    [JsonPropertyName("pwd_2digit")]
    public string? Pwd2digit { get; init; }
    public string? CustomerName { get; init; }
    public string? CustomerTel { get; init; }
    public string? CustomerEmail { get; init; }
    public string? Pg { get; init; }
    public string? ChannelKey { get; init; }

    public override string ToString() => $"BillingKeyRegistration {{ CustomerId = {CustomerId} }}";
}
