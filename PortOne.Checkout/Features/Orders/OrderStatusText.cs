using System.Globalization;
using System.Text.Json.Nodes;
using PortOne.Checkout.Resources;

namespace PortOne.Checkout.Features.Orders;

/// <summary>How each state, method and time reads to a shopper and to staff, in the current UI culture.</summary>
public static class OrderStatusText
{

    public static string Label(string status) => Strings.Get($"Status_{status}");

    public static MudBlazor.Color Color(string status) => status switch
    {
        OrderStatus.Paid => MudBlazor.Color.Success,
        OrderStatus.AwaitingDeposit or OrderStatus.Pending or OrderStatus.Scheduled => MudBlazor.Color.Info,
        OrderStatus.PartiallyRefunded or OrderStatus.Refunded => MudBlazor.Color.Warning,
        // Closed without any money moving: neither a success nor an error.
        OrderStatus.Abandoned => MudBlazor.Color.Default,
        _ => MudBlazor.Color.Error,
    };

    public static string Quota(int? months) => months is null or 0 ? Strings.Get("LumpSum") : Strings.Format("MonthsInstallment", months);

    public static string PayMethod(string method) => Strings.Get($"PayMethod_{method}");

    /// <summary>Unix seconds as Korean local time: <c>2026-11-28 18:00</c>, or <c>28 Nov 2026, 18:00 KST</c> in English.</summary>
    public static string Time(long? unixSeconds)
    {
        if (unixSeconds is null or 0)
        {
            return "-";
        }
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(unixSeconds.Value), KoreanTime.Zone);
        return Strings.IsEnglish
            ? local.ToString("d MMM yyyy, HH:mm 'KST'", CultureInfo.GetCultureInfo("en"))
            : local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>The pay options stored with the order, one readable line each (cash receipt type, escrow...).</summary>
    public static IReadOnlyList<string> Options(string? payOptions)
    {
        if (string.IsNullOrEmpty(payOptions) || JsonNode.Parse(payOptions) is not JsonObject options)
        {
            return [];
        }
        return [.. options.Select(option => option.Key == "cash_receipt_type"
            ? Strings.Format("Option_cash_receipt_type", Strings.Get($"CashReceipt_{option.Value}"))
            : Strings.Get($"Option_{option.Key}"))];
    }
}
