using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PortOne.Checkout.Features.Subscriptions;
using PortOne.Checkout.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace PortOne.Checkout.Tests.Browser;

/// <summary>Staff find a subscription, read its card and schedule, and charge the upcoming cycle now.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "E2E")]
public partial class AdminSubscriptionTests(BrowserFixture browser, SubscriptionApp app) : IClassFixture<SubscriptionApp>
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
        await page.GetByRole(AriaRole.Button, new() { Name = "로그인", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/admin/subscriptions");
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = s.PublicId })).ToContainTextAsync("구독 중");
        await BrowserFixture.ScreenshotAsync(page, "admin-subscriptions-01-list");
        await page.GetByRole(AriaRole.Link, new() { Name = s.PublicId }).ClickAsync();
        await Expect(ChargeRows(page)).ToHaveCountAsync(1);
        await Expect(ChargeRows(page)).ToContainTextAsync("예약 결제 대기");

        await page.GetByRole(AriaRole.Button, new() { Name = "지금 결제" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("결제를 요청했습니다");
        await Expect(ChargeRows(page)).ToHaveCountAsync(3);
        await Expect(ChargeRows(page).Nth(0)).ToContainTextAsync("예약 해제됨");
        await Expect(ChargeRows(page).Nth(1)).ToContainTextAsync("결제 완료");
        await Expect(ChargeRows(page).Nth(2)).ToContainTextAsync("2회차");
        await Expect(ChargeRows(page).Nth(2)).ToContainTextAsync("예약 결제 대기");
        await BrowserFixture.ScreenshotAsync(page, "admin-subscriptions-02-charged-now");
    }

    [Fact]
    public async Task Staff_see_a_key_PortOne_would_not_delete_being_retried_and_then_left_to_them()
    {
        var s = await app.SubscribeAsync(app.Get<SubscribeService>().Today.AddDays(7));
        var deletions = app.Get<BillingKeyDeletions>();
        await SetFaultsAsync(1.0);
        try
        {
            await app.Get<SubscriptionBilling>().CancelAsync(s.Id, "shopper");
            await using var context = await browser.NewContextAsync(app.BaseUri);
            var page = await context.NewPageAsync();
            await page.GotoAsync($"/admin/subscriptions/{s.PublicId}");
            await page.GetByLabel("아이디").FillAsync("admin");
            await page.GetByLabel("비밀번호").FillAsync(CheckoutApp.AdminPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "로그인", Exact = true }).ClickAsync();
            await page.WaitForURLAsync($"**/admin/subscriptions/{s.PublicId}");
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync($"빌링키 {s.CustomerUid} 삭제가 1회 실패해 다시 시도합니다");
            await BrowserFixture.ScreenshotAsync(page, "admin-subscriptions-03-key-deletion-retrying");

            // Every later attempt fails too, each after its pause, until the attempts are used up.
            while ((await deletions.ForSubscriptionAsync(s.Id))[0] is { GaveUpAt: null } pending)
            {
                app.Clock.Advance(TimeSpan.FromSeconds(pending.NextAttemptAt - app.Clock.GetUtcNow().ToUnixTimeSeconds() + 1));
                await deletions.RetryDueAsync();
            }

            await page.GotoAsync("/admin/subscriptions");
            await Expect(page.GetByRole(AriaRole.Row, new() { Name = s.PublicId })).ToContainTextAsync("키 삭제 실패");
            await BrowserFixture.ScreenshotAsync(page, "admin-subscriptions-04-key-left-list");
            await page.GetByRole(AriaRole.Link, new() { Name = s.PublicId }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync($"빌링키 {s.CustomerUid}를 6회 시도했지만 삭제하지 못했습니다");
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("PortOne 관리자 콘솔에서 직접 삭제하세요");
            await BrowserFixture.ScreenshotAsync(page, "admin-subscriptions-05-key-left-to-staff");
        }
        finally
        {
            await SetFaultsAsync(0);
        }
    }

    private async Task SetFaultsAsync(double errorRate)
    {
        using var response = await app.CreateClient().PostAsJsonAsync("/sandbox/control/faults", new { latency_ms = 0, error_rate = errorRate });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The value row of a subscription field, found by its row header as a person reads the table.</summary>
    private static ILocator Field(IPage page, string header) =>
        page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = header, Exact = true }) });

    /// <summary>The charges, one row each: every one names its cycle ("1회차").</summary>
    private static ILocator ChargeRows(IPage page) => page.GetByRole(AriaRole.Row).Filter(new() { HasTextRegex = CycleText() });

    [GeneratedRegex(@"\d+회차")]
    private static partial Regex CycleText();
}
