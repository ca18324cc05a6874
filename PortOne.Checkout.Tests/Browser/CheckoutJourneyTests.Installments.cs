using PortOne.Checkout.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;
using static PortOne.Checkout.Tests.Browser.CheckoutShopper;

namespace PortOne.Checkout.Tests.Browser;

public partial class CheckoutJourneyTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Three_months_picked_without_a_card_company_cannot_fall_back_to_a_lump_sum_in_the_window(bool phone)
    {
        await using var context = await browser.NewContextAsync(app.BaseUri, phone);
        var page = await ReadyToPayAsync(context, phone, "installments", ["나이키 와플 트레이너 2 SD"], async page =>
        {
            await PickAsync(page, "할부", "3개월");
            await Expect(page.GetByText("결제창에서 2~3개월 할부 중에 고릅니다. 일시불은 표시되지 않습니다.")).ToBeVisibleAsync();
        });

        await ApproveAsync(page, phone, "installments", async window =>
        {
            var months = window.GetByLabel("할부 개월");
            Assert.Equal(["2", "3"], await months.Locator("option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)"));
            Assert.DoesNotContain("일시불", await months.Locator("option").AllTextContentsAsync());
            await window.GetByLabel("카드사").SelectOptionAsync("366");
            await months.SelectOptionAsync("3");
        });

        await Expect(OrderDetail(page, "할부")).ToHaveTextAsync("3개월 할부");
    }
}
