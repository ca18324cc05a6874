using System.Text.Json.Serialization;

namespace PortOne.Sandbox.Store;

/// <summary>PortOne's Payment object (PaymentAnnotation); property names become snake_case on the wire.</summary>
internal sealed record Payment
{
    public required string ImpUid { get; init; }
    public required string MerchantUid { get; init; }
    public string? PayMethod { get; init; }
    public string? Channel { get; init; }
    public string? PgProvider { get; init; }
    public string? EmbPgProvider { get; init; }
    public string? PgTid { get; init; }
    public string? PgId { get; init; }
    public bool Sandbox { get; init; } = true;
    public bool Escrow { get; init; }
    public string? ApplyNum { get; init; }
    public string? BankCode { get; init; }
    public string? BankName { get; init; }
    public string? CardCode { get; init; }
    public string? CardName { get; init; }
    public string? CardIssuerCode { get; init; }
    public string? CardIssuerName { get; init; }
    public string? CardPublisherCode { get; init; }
    public string? CardPublisherName { get; init; }
    public int CardQuota { get; init; }
    public string? CardNumber { get; init; }
    public int? CardType { get; init; }
    public string? VbankCode { get; init; }
    public string? VbankName { get; init; }
    public string? VbankNum { get; init; }
    public string? VbankHolder { get; init; }
    public long VbankDate { get; init; }
    public long VbankIssuedAt { get; init; }
    public string? Name { get; init; }
    public decimal Amount { get; init; }
    public decimal CancelAmount { get; init; }
    public string Currency { get; init; } = "KRW";
    public string? BuyerName { get; init; }
    public string? BuyerEmail { get; init; }
    public string? BuyerTel { get; init; }
    public string? BuyerAddr { get; init; }
    public string? BuyerPostcode { get; init; }
    public string? CustomData { get; init; }
    public string? UserAgent { get; init; }
    public string Status { get; init; } = PaymentStatus.Ready;
    public long StartedAt { get; init; }
    public long PaidAt { get; init; }
    public long FailedAt { get; init; }
    public long CancelledAt { get; init; }
    public string? FailReason { get; init; }
    public string? CancelReason { get; init; }
    public string? ReceiptUrl { get; init; }
    public IReadOnlyList<CancelEntry> CancelHistory { get; init; } = [];
    public IReadOnlyList<DepositEntry> DepositHistory { get; init; } = [];
    public IReadOnlyList<string> CancelReceiptUrls { get; init; } = [];
    public bool CashReceiptIssued { get; init; }
    public string? CustomerUid { get; init; }
    public string? CustomerUidUsage { get; init; }
    public Promotion? Promotion { get; init; }

    [JsonIgnore]
    public decimal CancellableBalance => Amount - CancelAmount;
}

/// <summary>PaymentCancelAnnotation.</summary>
internal sealed record CancelEntry(string PgTid, decimal Amount, long CancelledAt, string Reason, string CancellationId, string? ReceiptUrl);

internal sealed record DepositEntry(string PgTid, decimal Amount, string? DepositorName, long DepositedAt);

internal sealed record Promotion(string Id, decimal Discount);

internal static class PaymentStatus
{
    public const string Ready = "ready";
    public const string Paid = "paid";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}
