using System.Globalization;
using Bunit;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Orders;

public class OrderStatusViewTests : ComponentTestBase
{
    private static readonly long Due = new DateTimeOffset(2026, 12, 2, 23, 59, 59, TimeSpan.FromHours(9)).ToUnixTimeSeconds();

    private static Order AwaitingDeposit() => new()
    {
        MerchantUid = "ord-20261128-000000000001", Status = OrderStatus.AwaitingDeposit, Amount = 32_000, ShippingFee = 3_000,
        PayMethod = "vbank", VbankName = "신한은행", VbankNum = "27178309032992", VbankDue = Due,
        PayOptions = """{"cash_receipt_type":"corporate"}""", CreatedAt = Due - 3 * 86_400,
    };

    private static readonly OrderItem[] Items = [new() { ProductId = 2, Name = "오가닉 코튼 반팔 티셔츠", UnitPrice = 29_000, Quantity = 1 }];

    [Fact]
    public void An_issued_virtual_account_shows_bank_number_deadline_and_a_copy_button()
    {
        var view = Render<OrderStatusView>(p => p.Add(v => v.Order, AwaitingDeposit()).Add(v => v.Items, Items));

        Assert.Equal("신한은행", view.Find("[data-testid=vbank-name]").TextContent);
        Assert.Equal("27178309032992", view.Find("#vbank-num").TextContent);
        Assert.Equal("2026-12-02 23:59", view.Find("[data-testid=vbank-due]").TextContent);
        var copy = view.Find("button[data-testid=copy-vbank-num]");
        Assert.Equal(("vbank-num", "button"), (copy.GetAttribute("data-copy-target"), copy.GetAttribute("type")));
        Assert.Equal("계좌번호 복사", copy.GetAttribute("aria-label"));
        Assert.Contains("32,000원을 입금해", view.Find("[data-testid=vbank]").TextContent, StringComparison.Ordinal);
        Assert.Equal("3,000원", view.Find("[data-testid=order-shipping]").TextContent);
        Assert.Equal("현금영수증: 지출증빙용", view.Find("[data-testid=order-options]").TextContent);
    }

    [Fact]
    public void In_english_the_order_reads_in_english_with_the_catalog_name_and_kst()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");

        var view = Render<OrderStatusView>(p => p.Add(v => v.Order, AwaitingDeposit()).Add(v => v.Items, Items));

        Assert.Equal("Awaiting deposit", view.Find("[data-testid=status-label]").TextContent.Trim());
        Assert.Equal("₩32,000", view.Find("[data-testid=order-amount]").TextContent);
        Assert.Equal("2 Dec 2026, 23:59 KST", view.Find("[data-testid=vbank-due]").TextContent);
        Assert.Equal("Cash receipt: Business (expense proof)", view.Find("[data-testid=order-options]").TextContent);
        view.WaitForAssertion(() => Assert.Contains("Organic cotton T-shirt × 1", view.Find("[data-testid=order-items]").TextContent, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ko", "결제 없이 종료", "결제가 이루어지지 않아 주문이 종료되었습니다")]
    [InlineData("en", "Closed unpaid", "This order was closed because no payment was made")]
    public void An_abandoned_order_says_it_was_closed_unpaid_and_offers_to_order_again(string culture, string label, string text)
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        var order = new Order { MerchantUid = "ord-20261128-000000000002", Status = OrderStatus.Abandoned, Amount = 32_000, CreatedAt = Due };

        var view = Render<OrderStatusView>(p => p.Add(v => v.Order, order));

        Assert.Equal(label, view.Find("[data-testid=status-label]").TextContent.Trim());
        Assert.Contains(text, view.Find("[data-testid=abandoned]").TextContent, StringComparison.Ordinal);
        Assert.Equal("/checkout", view.Find("[data-testid=abandoned] a").GetAttribute("href"));
        Assert.Empty(view.FindAll("[data-testid=failure]"));
    }

    [Fact]
    public void A_failed_attempt_says_nothing_was_charged()
    {
        var order = new Order { MerchantUid = "ord-20261128-000000000003", Status = OrderStatus.Failed, Amount = 32_000, StatusReason = "카드 한도 초과" };

        var view = Render<OrderStatusView>(p => p.Add(v => v.Order, order));

        Assert.Contains("청구된 금액은 없습니다", view.Find("[data-testid=failure]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_paid_card_order_shows_the_months_portone_charged()
    {
        var order = new Order
        {
            MerchantUid = "ord-20261128-000000000004", Status = OrderStatus.Paid, Amount = 109_000, CardQuota = 3, PaidCardName = "신한카드", PaidCardQuota = 2,
        };

        var view = Render<OrderStatusView>(p => p.Add(v => v.Order, order));

        Assert.Equal("2개월 할부", view.Find("[data-testid=order-quota]").TextContent);
    }
}
