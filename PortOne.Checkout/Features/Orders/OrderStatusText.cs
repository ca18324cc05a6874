namespace PortOne.Checkout.Features.Orders;

/// <summary>How each state reads to a shopper and to staff: Korean first, English second.</summary>
public static class OrderStatusText
{
    public static string Label(string status) => status switch
    {
        OrderStatus.Pending => "결제 확인 중 / Confirming payment",
        OrderStatus.AwaitingDeposit => "입금 대기 / Awaiting deposit",
        OrderStatus.Paid => "결제 완료 / Paid",
        OrderStatus.PartiallyRefunded => "부분 환불 / Partially refunded",
        OrderStatus.Refunded => "환불 완료 / Refunded",
        OrderStatus.Failed => "결제 실패 / Payment failed",
        OrderStatus.Rejected => "결제 거절 / Payment rejected",
        OrderStatus.Expired => "입금 기한 만료 / Deposit deadline passed",
        _ => status,
    };

    public static MudBlazor.Color Color(string status) => status switch
    {
        OrderStatus.Paid => MudBlazor.Color.Success,
        OrderStatus.AwaitingDeposit or OrderStatus.Pending => MudBlazor.Color.Info,
        OrderStatus.PartiallyRefunded or OrderStatus.Refunded => MudBlazor.Color.Warning,
        _ => MudBlazor.Color.Error,
    };

    public static string Quota(int? months) => months is null or 0 ? "일시불 / Lump sum" : $"{months}개월 할부 / {months} months";

    public static string PayMethod(string method) => method switch
    {
        "card" => "카드 / Card",
        "trans" => "계좌이체 / Bank transfer",
        "vbank" => "가상계좌 / Virtual account",
        "phone" => "휴대폰 / Mobile phone",
        _ => method,
    };

    private static readonly TimeZoneInfo Seoul = TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul");

    /// <summary>Unix seconds as Korean local time.</summary>
    public static string Time(long? unixSeconds) => unixSeconds is null or 0
        ? "-"
        : TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(unixSeconds.Value), Seoul).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
