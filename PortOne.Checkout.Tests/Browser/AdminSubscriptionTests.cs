using Microsoft.Playwright;
using PortOne.Checkout.Features.Subscriptions;
using PortOne.Checkout.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace PortOne.Checkout.Tests.Browser;

/// <summary>Staff find a subscription, read its card and schedule, and charge the upcoming cycle now.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "E2E")]
public class AdminSubscriptionTests(BrowserFixture browser, SubscriptionApp app) : IClassFixture<SubscriptionApp>
{
    [Fact]
    public async Task Staff_charge_the_upcoming_cycle_now_and_the_next_one_stays_on_its_day()
    {
        var s = await app.SubscribeAsync(app.Get<SubscribeService>().Today.AddDays(7));
        await using var context = await browser.NewContextAsync(app.BaseUri);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/admin/subscriptions");
        await page.GetByLabel("아이디").FillAsync("admin");
        await page.GetByLabel("비밀번호").FillAsync(CheckoutApp.AdminPassword);
        await page.GetByTestId("login").ClickAsync();
        await page.WaitForURLAsync("**/admin/subscriptions");
        await Expect(page.GetByTestId("subscription-row").First).ToContainTextAsync("구독 중");
        await BrowserFixture.ScreenshotAsync(page, "admin-subscriptions-01-list");
        await page.GetByRole(AriaRole.Link, new() { Name = s.PublicId }).ClickAsync();
        await Expect(page.GetByTestId("charge-row")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("charge-row")).ToContainTextAsync("예약 결제 대기");

        await page.GetByRole(AriaRole.Button, new() { Name = "지금 결제" }).ClickAsync();

        await Expect(page.GetByTestId("action-result")).ToContainTextAsync("결제를 요청했습니다");
        await Expect(page.GetByTestId("charge-row")).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("charge-row").Nth(0)).ToContainTextAsync("예약 해제됨");
        await Expect(page.GetByTestId("charge-row").Nth(1)).ToContainTextAsync("결제 완료");
        await Expect(page.GetByTestId("charge-row").Nth(2)).ToContainTextAsync("2회차");
        await Expect(page.GetByTestId("charge-row").Nth(2)).ToContainTextAsync("예약 결제 대기");
        await BrowserFixture.ScreenshotAsync(page, "admin-subscriptions-02-charged-now");
    }
}
