namespace PortOne.Checkout.Features.Orders;

/// <summary>The order states of docs/architecture.md ("Order states"). Stored as these strings.</summary>
public static class OrderStatus
{
    public const string Pending = "pending";
    public const string AwaitingDeposit = "awaiting_deposit";
    public const string Paid = "paid";
    public const string PartiallyRefunded = "partially_refunded";
    public const string Refunded = "refunded";
    public const string Failed = "failed";
    public const string Rejected = "rejected";
    public const string Expired = "expired";
    /// <summary>PortOne never saw a payment for the order (or only a window left open) within the abandon horizon.</summary>
    public const string Abandoned = "abandoned";

    /// <summary>
    /// A subscription charge PortOne will run at a set time. Paid or failed like a pending order once PortOne
    /// reports it, but never abandoned or overdue before its time.
    /// </summary>
    public const string Scheduled = "scheduled";

    /// <summary>States in which money has been taken and may still be refunded.</summary>
    public static readonly IReadOnlyList<string> Settled = [Paid, PartiallyRefunded];

    /// <summary>States in which PortOne has not yet settled the order: reconciliation keeps asking about them.</summary>
    public static readonly IReadOnlyList<string> AwaitingPortOne = [Pending, AwaitingDeposit, Scheduled];

    public static bool IsRefundable(string status) => Settled.Contains(status);

    /// <summary>States the shopper may still pay from.</summary>
    public static bool IsOpen(string status) => status is Pending or AwaitingDeposit;
}

/// <summary>An order row. Money in won; times in unix seconds.</summary>
public sealed class Order
{
    public long Id { get; init; }
    public string MerchantUid { get; init; } = "";
    public string AccessKey { get; init; } = "";
    public string Status { get; init; } = OrderStatus.Pending;
    public string OrderName { get; init; } = "";
    public long Amount { get; init; }
    public long TaxFree { get; init; }
    public string Currency { get; init; } = "KRW";
    public string PayMethod { get; init; } = "card";
    public int CardQuota { get; init; }
    public string? CardCode { get; init; }
    public string BuyerName { get; init; } = "";
    public string BuyerEmail { get; init; } = "";
    public string BuyerTel { get; init; } = "";
    public string BuyerAddr { get; init; } = "";
    public string BuyerPostcode { get; init; } = "";
    public string? ImpUid { get; init; }
    public long CancelledAmount { get; init; }
    public string? PaidCardName { get; init; }
    public int? PaidCardQuota { get; init; }
    public string? VbankName { get; init; }
    public string? VbankNum { get; init; }
    public long? VbankDue { get; init; }
    public string? ReceiptUrl { get; init; }
    public string? StatusReason { get; init; }
    public string? Flag { get; init; }
    public long CreatedAt { get; init; }
    public long UpdatedAt { get; init; }
    public long? PaidAt { get; init; }
    public string? CashReceiptType { get; init; }
    public string? CashReceiptApplyNum { get; init; }
    public string? CashReceiptUrl { get; init; }
    public long? CashReceiptIssuedAt { get; init; }

    /// <summary>Cash receipts exist for cash-like payments that still hold money.</summary>
    public bool AllowsCashReceipt => PayMethod is "trans" or "vbank" && OrderStatus.IsRefundable(Status) && CashReceiptIssuedAt is null;
    public long ShippingFee { get; init; }
    public string? PayOptions { get; init; }
    public string? ConsentVersion { get; init; }
    public long? ConsentOrderAt { get; init; }
    public long? ConsentPrivacyAt { get; init; }

    public long RefundableAmount => Amount - CancelledAmount;
}

public sealed class OrderItem
{
    public long ProductId { get; init; }
    public string Name { get; init; } = "";
    public long UnitPrice { get; init; }
    public int Quantity { get; init; }
    public bool TaxFree { get; init; }

    public long LineTotal => UnitPrice * Quantity;
}

public sealed class PaymentEvent
{
    public long Id { get; init; }
    public string? MerchantUid { get; init; }
    public string? ImpUid { get; init; }
    public string Source { get; init; } = "";
    public string? PortoneStatus { get; init; }
    public string? StatusBefore { get; init; }
    public string? StatusAfter { get; init; }
    public string? Detail { get; init; }
    public long CreatedAt { get; init; }
}
