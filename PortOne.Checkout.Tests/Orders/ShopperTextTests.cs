using System.Globalization;
using Bunit;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Tests.TestSupport;
using static PortOne.Checkout.Tests.Checkout.CheckoutPageDriver;

namespace PortOne.Checkout.Tests.Orders;

/// <summary>What a shopper reads and hears: card companies in their language, one full stop, alerts announced.</summary>
public class ShopperTextTests : ComponentTestBase
{
    private static Order PaidByCard(string cardName) => new()
    {
        MerchantUid = "ord-20261128-000000000002", Status = OrderStatus.Paid, Amount = 32_000, PayMethod = "card",
        PaidCardName = cardName, PaidCardQuota = 0, CreatedAt = 1_764_000_000,
    };

    [Theory]
    [InlineData("ko", "BC카드", "BC카드")]
    [InlineData("en", "BC카드", "BC Card")]
    [InlineData("en", "KB국민카드", "KB Kookmin Card")]
    [InlineData("en", "카카오뱅크", "카카오뱅크")]
    public void The_card_company_reads_in_the_shoppers_language(string culture, string portOneName, string shown)
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);

        var view = Render<OrderStatusView>(p => p.Add(v => v.Order, PaidByCard(portOneName)));

        Assert.Equal(shown, view.Find("[data-testid=order-card]").TextContent);
    }

    [Fact]
    public void A_failed_order_is_announced_as_an_alert()
    {
        var failed = new Order { MerchantUid = "ord-20261128-000000000003", Status = OrderStatus.Failed, StatusReason = "카드 한도가 초과되었습니다.", CreatedAt = 1_764_000_000 };

        var view = Render<OrderStatusView>(p => p.Add(v => v.Order, failed));

        var alert = view.Find("[data-testid=failure]");
        Assert.Equal("alert", alert.GetAttribute("role"));
        Assert.Contains("카드 한도가 초과되었습니다.", alert.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("..", alert.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("카드 한도가 초과되었습니다.")]
    [InlineData("카드 한도가 초과되었습니다")]
    public void A_failure_from_the_window_ends_in_one_full_stop_and_is_announced(string portOneMessage)
    {
        PortOne.PaymentStatus = "failed";
        var module = JSInterop.SetupModule(Module);
        module.Setup<PayResponse>("requestPay", _ => true).SetResult(new PayResponse("imp_000000000004", null, "F1002", portOneMessage));
        var page = this.RenderCheckout();
        Add(page, "오가닉 코튼 반팔 티셔츠");
        FillBuyer(page);
        Consent(page);

        PayButton(page).Click();

        page.WaitForAssertion(() => Assert.Contains("카드 한도가 초과되었습니다", page.Find("[data-testid=pay-error]").TextContent, StringComparison.Ordinal));
        var error = page.Find("[data-testid=pay-error]");
        Assert.Equal("alert", error.GetAttribute("role"));
        Assert.Contains("카드 한도가 초과되었습니다. 다시 시도하거나", error.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("..", error.TextContent, StringComparison.Ordinal);
    }
}
