using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using PortOne.Sandbox.Webhooks;

namespace PortOne.Sandbox.Store;

/// <summary>Buyer fields as PortOne stores them (cut to its maximum lengths).</summary>
internal sealed record Buyer(string? Name, string? Email, string? Tel, string? Addr, string? Postcode)
{
    public static Buyer From(Customer customer) =>
        new(customer.CustomerName, customer.CustomerEmail, customer.CustomerTel, customer.CustomerAddr, customer.CustomerPostcode);

    public Buyer Or(Buyer fallback) => new(Name ?? fallback.Name, Email ?? fallback.Email, Tel ?? fallback.Tel,
        Addr ?? fallback.Addr, Postcode ?? fallback.Postcode);
}

/// <summary>One charge without a window: keyed (onetime), a billing key (again) or a due schedule.</summary>
internal sealed record CardCharge(
    string MerchantUid,
    decimal Amount,
    string Currency,
    string? Name,
    Buyer Buyer,
    string? CustomData,
    int CardQuota,
    string MaskedCardNumber,
    string? CustomerUid,
    string? CustomerUidUsage,
    IReadOnlyList<string> NoticeUrls);

/// <summary>
/// Records API card payments (channel "api") as paid or failed per the test card's outcome and sends
/// the webhook after the state change: paid always, failed only for schedules, as PortOne does.
/// </summary>
internal sealed class CardPayments(PaymentStore store, WebhookSender webhooks, TimeProvider clock, IOptions<SandboxOptions> options)
{
    /// <summary>
    /// The new payment, or null when <paramref name="refuseIfPaid"/> and the merchant_uid is already paid at
    /// the moment of charging (checked with the write, so two racing calls cannot both charge).
    /// </summary>
    public PaymentStore.Entry? Charge(CardCharge charge, CardOutcome outcome, bool webhookOnFailure = false, bool refuseIfPaid = true)
    {
        var now = clock.GetUtcNow();
        var unix = now.ToUnixTimeSeconds();
        var declined = TestCards.DeclineFor(outcome)?.Reason;
        var cardName = Codes.CardName(TestCards.CardCode);
        var (entry, _) = store.Add(() => refuseIfPaid && store.IsMerchantUidPaid(charge.MerchantUid) ? "paid" : null, impUid => new Payment
        {
            ImpUid = impUid,
            MerchantUid = charge.MerchantUid,
            PayMethod = "card",
            Channel = "api",
            PgProvider = "tosspayments",
            PgId = options.Value.PgId,
            PgTid = "tsbx_" + now.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)),
            ApplyNum = declined is null ? RandomNumberGenerator.GetInt32(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture) : null,
            CardCode = TestCards.CardCode,
            CardName = cardName,
            CardIssuerCode = TestCards.CardCode,
            CardIssuerName = cardName,
            CardPublisherCode = TestCards.CardCode,
            CardPublisherName = cardName,
            CardQuota = charge.CardQuota,
            CardNumber = charge.MaskedCardNumber,
            CardType = 0,
            Name = Cut(charge.Name, 40),
            Amount = charge.Amount,
            Currency = charge.Currency,
            BuyerName = Cut(charge.Buyer.Name, 16),
            BuyerEmail = Cut(charge.Buyer.Email, 64),
            BuyerTel = Cut(charge.Buyer.Tel, 16),
            BuyerAddr = Cut(charge.Buyer.Addr, 128),
            BuyerPostcode = Cut(charge.Buyer.Postcode, 8),
            CustomData = charge.CustomData,
            Status = declined is null ? PaymentStatus.Paid : PaymentStatus.Failed,
            StartedAt = unix,
            PaidAt = declined is null ? unix : 0,
            FailedAt = declined is null ? 0 : unix,
            FailReason = declined,
            CustomerUid = charge.CustomerUid,
            CustomerUidUsage = charge.CustomerUidUsage,
        }, WindowRequest.Api(charge.NoticeUrls));
        if (entry is null)
        {
            return null;
        }
        if (declined is null || webhookOnFailure)
        {
            webhooks.Send(charge.NoticeUrls, entry.Payment.ImpUid, entry.Payment.MerchantUid, entry.Payment.Status);
        }
        return entry;
    }

    public static string? Cut(string? value, int max) => value is { Length: var n } && n > max ? value[..max] : value;
}
