namespace PortOne.Sandbox.Store;

/// <summary>What the window needs from the request_pay params beyond the Payment object itself.</summary>
internal sealed record WindowRequest(
    string Mode,
    IReadOnlyList<string> NoticeUrls,
    string? MRedirectUrl,
    string? ConfirmUrl,
    IReadOnlyList<int>? CardQuotas,
    string? DirectCardCode,
    int? DirectQuota,
    string? VbankDue)
{
    /// <summary>Payments made through the REST API have no window; only their webhook targets matter.</summary>
    public static WindowRequest Api(IReadOnlyList<string> noticeUrls) => new("api", noticeUrls, null, null, null, null, null, null);
}

/// <summary>An amount registered with POST /payments/prepare; a null currency is not checked.</summary>
internal sealed record Prepared(string MerchantUid, decimal Amount, string? Currency);
