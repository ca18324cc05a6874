using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace PortOne.Checkout.Tests.Browser;

/// <summary>An order closed as abandoned, as the shopper's order link shows it.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "E2E")]
public class ClosedOrderTests(BrowserFixture browser, CheckoutApp app) : IClassFixture<CheckoutApp>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_abandoned_order_reads_as_closed_unpaid_with_a_way_to_order_again(bool phone)
    {
        var placed = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));
        // What reconciliation does once the horizon has passed with nothing at PortOne.
        Assert.True(await app.Get<OrderStore>().TransitionAsync(new OrderTransition
        {
            OrderId = placed.Order.Id, MerchantUid = placed.Order.MerchantUid, From = OrderStatus.Pending, FromCancelledAmount = 0,
            To = OrderStatus.Abandoned, Source = "reconciliation", Reason = "PortOne has no payment for this order 48 h after it was placed",
        }));
        await using var context = await browser.NewContextAsync(app.BaseUri, phone);
        var page = await context.NewPageAsync();

        await page.GotoAsync(OrderAccess.Link(placed.Order));

        await Expect(page.GetByTestId("status-label")).ToHaveTextAsync("결제 없이 종료");
        await Expect(page.GetByText("청구된 금액은 없습니다")).ToBeVisibleAsync();
        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "다시 주문하기" })).ToHaveAttributeAsync("href", "/checkout");
        await BrowserFixture.ScreenshotAsync(page, $"abandoned-order-{(phone ? "phone" : "desktop")}");
    }
}
