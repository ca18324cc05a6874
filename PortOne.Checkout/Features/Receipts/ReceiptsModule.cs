namespace PortOne.Checkout.Features.Receipts;

public static class ReceiptsModule
{
    /// <summary>Outside cash receipts; the page lives at <c>/admin/receipts</c>.</summary>
    public static IServiceCollection AddReceipts(this IServiceCollection services)
    {
        services.AddSingleton<ExternalReceiptStore>();
        services.AddTransient<ExternalReceiptDesk>();
        return services;
    }
}

/// <summary>Audit actions of cash receipts beyond issuing one for an order; shown through the resource key <c>Audit_{action}</c>.</summary>
public static class ReceiptAuditActions
{
    public const string CashReceiptCancel = "cash-receipt-cancel";
    public const string OutsideReceiptIssue = "outside-receipt-issue";
    public const string OutsideReceiptCancel = "outside-receipt-cancel";

    public static readonly IReadOnlyList<string> All = [CashReceiptCancel, OutsideReceiptIssue, OutsideReceiptCancel];
}
