using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using PortOne.Checkout.Resources;

namespace PortOne.Checkout.Features.Orders;

/// <summary>
/// How each state, method and time of an order reads to a shopper and to staff, read through the
/// caller's <c>IStringLocalizer&lt;Strings&gt;</c> like every other text: <c>@L.Status(order.Status)</c>.
/// </summary>
public static class OrderStatusText
{
    public static string Status(this IStringLocalizer<Strings> l, string status) => l[$"Status_{status}"];

    public static string PayMethod(this IStringLocalizer<Strings> l, string method) => l[$"PayMethod_{method}"];

    public static string Quota(this IStringLocalizer<Strings> l, int? months) => months is null or 0 ? l["LumpSum"] : l["MonthsInstallment", months];

    /// <summary>Unix seconds as Korean local time: <c>2026-11-28 18:00</c>, or <c>28 Nov 2026, 18:00 KST</c> in English.</summary>
    public static string Time(this IStringLocalizer<Strings> l, long? unixSeconds) => Format(unixSeconds, l["OrderTimeFormat"]);

    /// <summary>The pay options stored with the order, one readable line each (cash receipt type, escrow...).</summary>
    public static IReadOnlyList<string> PayOptions(this IStringLocalizer<Strings> l, string? payOptions)
    {
        if (string.IsNullOrEmpty(payOptions) || JsonNode.Parse(payOptions) is not JsonObject options)
        {
            return [];
        }
        return [.. options.Select(option => option.Key == "cash_receipt_type"
            ? l["Option_cash_receipt_type", l[$"CashReceipt_{option.Value}"]].Value
            : l[$"Option_{option.Key}"].Value)];
    }

    public static MudBlazor.Color Color(string status) => status switch
    {
        OrderStatus.Paid => MudBlazor.Color.Success,
        OrderStatus.AwaitingDeposit or OrderStatus.Pending or OrderStatus.Scheduled => MudBlazor.Color.Info,
        OrderStatus.PartiallyRefunded or OrderStatus.Refunded => MudBlazor.Color.Warning,
        // Closed without any money moving: neither a success nor an error.
        OrderStatus.Abandoned => MudBlazor.Color.Default,
        _ => MudBlazor.Color.Error,
    };

    // The format comes from the UI language's resources, so that language also spells the month (English
    // names it, Korean uses digits only), whatever culture the server formats numbers in.
    private static string Format(long? unixSeconds, string format) => unixSeconds is null or 0
        ? "-"
        : KoreanTime.Local(unixSeconds.Value).ToString(format, CultureInfo.CurrentUICulture.DateTimeFormat);
}
