using System.Collections.Concurrent;

namespace PortOne.Sandbox.Store;

/// <summary>PortOne's Receipt (ReceiptAnnotation): a cash receipt issued for a payment.</summary>
internal sealed record Receipt(
    string ImpUid, string ReceiptTid, string ApplyNum, string Type, long Amount, long Vat, string? ReceiptUrl, long AppliedAt, long CancelledAt);

/// <summary>PortOne's ExternalReceipt (ExternalReceiptAnnotation): a cash receipt for a sale made outside PortOne.</summary>
internal sealed record ExternalReceipt(
    string MerchantUid, string ReceiptTid, string ApplyNum, string Type, long Amount, long Vat, string? ReceiptUrl, long AppliedAt, long CancelledAt);

/// <summary>Issued cash receipts by imp_uid and by merchant_uid (external); a cancelled one stays with its cancelled_at.</summary>
internal sealed class ReceiptStore
{
    /// <summary>Written only inside a change of the payment (<see cref="PaymentStore.Update{TRefusal}"/>), so the receipt and the payment's cash_receipt_issued agree.</summary>
    public ConcurrentDictionary<string, Receipt> ByImpUid { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, ExternalReceipt> External { get; } = new(StringComparer.Ordinal);

    public void Clear()
    {
        ByImpUid.Clear();
        External.Clear();
    }
}
