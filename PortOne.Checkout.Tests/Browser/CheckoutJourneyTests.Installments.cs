using Microsoft.Playwright;
using PortOne.Checkout.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;
using static PortOne.Checkout.Tests.Browser.ShopperJourneyTests;

namespace PortOne.Checkout.Tests.Browser;

public partial class CheckoutJourneyTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Three_months_picked_without_a_card_company_cannot_fall_back_to_a_lump_sum_in_the_window(bool phone)
    {
        await using var context = await browser.NewContextAsync(app.BaseUri, phone);
        var page = await OpenCheckoutAsync(context, phone);
        await page.GetByTestId("more-SHOE-WAFFLE").ClickAsync();
        await FillBuyerAsync(page);
        await page.GetByTestId("installments").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "3개월" }).ClickAsync();
        await Expect(page.GetByTestId("installment-note")).ToHaveTextAsync("결제창에서 2~3개월 할부 중에 고릅니다. 일시불은 표시되지 않습니다.");
        await ConsentAsync(page);
        await AssertFitsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, Installments("01-checkout", phone));

        await PayAsync(page, phone);
        var months = Window(page, phone, "card-quota");
        await Expect(months).ToBeVisibleAsync();
        Assert.Equal(["2", "3"], await months.Locator("option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)"));
        Assert.DoesNotContain("일시불", await months.Locator("option").AllTextContentsAsync());
        await Window(page, phone, "card-company").SelectOptionAsync("366");
        await months.SelectOptionAsync("3");
        await BrowserFixture.ScreenshotAsync(page, Installments("02-window", phone));
        await Window(page, phone, "approve").ClickAsync();

        await ExpectResultAsync(page, phone, "결제 완료");
        await Expect(page.GetByTestId("order-quota")).ToHaveTextAsync("3개월 할부");
        await BrowserFixture.ScreenshotAsync(page, Installments("03-paid", phone));
    }

    private static string Installments(string step, bool phone) => $"installments-{(phone ? "phone" : "desktop")}-{step}";
}
