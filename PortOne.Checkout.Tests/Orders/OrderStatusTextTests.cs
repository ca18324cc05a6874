using System.Reflection;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Orders;

/// <summary>An order's state, method, months, time and options as staff and shoppers read them, in Korean and in English.</summary>
public class OrderStatusTextTests
{
    // 2026-11-28 18:00 in Korea.
    private static readonly string[] Languages = ["ko", "en"];

    private static readonly long SixPmInSeoul = new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    [Theory]
    [InlineData("ko", OrderStatus.Paid, "결제 완료")]
    [InlineData("en", OrderStatus.Paid, "Paid")]
    [InlineData("ko", OrderStatus.AwaitingDeposit, "입금 대기")]
    [InlineData("en", OrderStatus.AwaitingDeposit, "Awaiting deposit")]
    public void A_state_reads_in_the_readers_language(string culture, string status, string shown) =>
        Assert.Equal(shown, Localized.In(culture, l => l.Status(status)));

    [Fact]
    public void Every_state_has_a_text_in_both_languages()
    {
        var states = typeof(OrderStatus).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

        var missing = states.SelectMany(s => Languages.Select(culture => (culture, s, text: Localized.In(culture, l => l.Status(s)))))
            .Where(t => t.text == "Status_" + t.s).Select(t => $"{t.culture}:{t.s}").ToList();

        Assert.NotEmpty(states);
        Assert.Empty(missing);
    }

    [Theory]
    [InlineData("ko", "kakaopay", 0, "카카오페이", "일시불")]
    [InlineData("en", "kakaopay", 0, "KakaoPay", "Lump sum")]
    [InlineData("ko", "card", 3, "신용·체크카드", "3개월 할부")]
    [InlineData("en", "card", 3, "Credit / debit card", "3 monthly installments")]
    public void A_pay_method_and_its_months_read_in_the_readers_language(string culture, string method, int months, string methodShown, string monthsShown) =>
        Assert.Equal((methodShown, monthsShown), Localized.In(culture, l => (l.PayMethod(method), l.Quota(months))));

    [Theory]
    [InlineData("ko", "2026-11-28 18:00")]
    [InlineData("en", "28 Nov 2026, 18:00 KST")]
    public void A_time_reads_as_the_clock_in_korea_showed_it(string culture, string shown) =>
        Assert.Equal(shown, Localized.In(culture, l => l.Time(SixPmInSeoul)));

    [Fact]
    public void No_time_reads_as_a_dash() => Assert.Equal("-", Localized.In("en", l => l.Time(null)));

    [Theory]
    [InlineData("ko", new[] { "현금영수증: 소득공제용", "문화비 소득공제" })]
    [InlineData("en", new[] { "Cash receipt: Personal (income deduction)", "Cultural expense deduction" })]
    public void The_orders_pay_options_read_one_line_each(string culture, string[] shown) =>
        Assert.Equal(shown, Localized.In(culture, l => l.PayOptions("""{"cash_receipt_type":"personal","cultural_expense":true}""")));
}
