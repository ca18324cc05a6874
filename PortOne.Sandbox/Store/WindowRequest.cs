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

    public WindowOptions Options { get; init; } = WindowOptions.None;
}

/// <summary>
/// request_pay options that change what the Toss window shows: display.only_installment, appCard, useCardPoint,
/// bypass.tosspayments.useInternationalCardOnly (English window, foreign brands), bypass.cashReceiptType and
/// bypass.isCulturalExpense (trans/vbank only), and customer_uid/customer_id for a billing-key window.
/// </summary>
internal sealed record WindowOptions(
    bool OnlyInstallment = false,
    bool AppCard = false,
    bool UseCardPoint = false,
    bool International = false,
    string? CashReceiptType = null,
    bool CulturalExpense = false,
    string? CustomerUid = null,
    string? CustomerId = null)
{
    public static readonly WindowOptions None = new();

    public static readonly IReadOnlyList<string> CashReceiptTypes = ["anonymous", "personal", "corporate"];

    /// <summary>Card companies whose app card Toss can open (씨티 cannot).</summary>
    public static readonly IReadOnlySet<string> AppCardCodes = new HashSet<string>(StringComparer.Ordinal)
    {
        "381", "371", "368", "365", "366", "367", "041", "374",
    };
}

/// <summary>An amount registered with POST /payments/prepare; a null currency is not checked.</summary>
internal sealed record Prepared(string MerchantUid, decimal Amount, string? Currency);
