namespace PortOne.Checkout.Features.Checkout;

/// <summary>What <c>IMP.request_pay</c> called back with. Identifiers only: never proof of payment.</summary>
public sealed record PayResponse(string? ImpUid, string? MerchantUid, string? ErrorCode, string? ErrorMsg)
{
    public bool Failed => !string.IsNullOrEmpty(ErrorCode) || !string.IsNullOrEmpty(ErrorMsg);
}
