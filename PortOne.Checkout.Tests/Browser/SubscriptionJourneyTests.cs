using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PortOne.Checkout.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace PortOne.Checkout.Tests.Browser;

/// <summary>
/// A shopper subscribes to a plan and registers a card in the sandbox's billing window, on a desktop (the window
/// in an overlay, then the callback) and on a 375×812 phone (the window as a page, then the redirect).
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "E2E")]
public partial class SubscriptionJourneyTests(BrowserFixture browser, CheckoutApp app) : IClassFixture<CheckoutApp>
{
    private static readonly TimeZoneInfo Seoul = TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul");

    private static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Seoul).DateTime);

    [Fact]
    public async Task On_a_desktop_a_shopper_subscribes_from_today_is_charged_at_once_and_cancels_from_the_secret_link()
    {
        await using var context = await browser.NewContextAsync(app.BaseUri);
        var page = await context.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") { consoleErrors.Add(message.Text); } };

        await SubscribeAsync(page, phone: false, Today);
        await page.FrameLocator("#portone-sandbox-window").GetByTestId("approve").ClickAsync();

        await page.WaitForURLAsync("**/subscriptions/manage/**");
        await Expect(page.GetByTestId("subscription")).ToHaveAttributeAsync("data-interactive", "true");
        await Expect(Field(page, "상태")).ToContainTextAsync("구독 중");
        await Expect(ChargeRows(page)).ToHaveCountAsync(2);
        await Expect(ChargeRows(page).Nth(0)).ToContainTextAsync("2회차");
        await Expect(ChargeRows(page).Nth(0)).ToContainTextAsync("예약 결제 대기");
        await Expect(ChargeRows(page).Nth(1)).ToContainTextAsync("1회차");
        await Expect(ChargeRows(page).Nth(1)).ToContainTextAsync("결제 완료");
        await Expect(Field(page, "다음 결제")).ToContainTextAsync(Date(Today.AddMonths(1)) + " 10:00 · 19,900원");
        await Expect(Field(page, "결제 카드")).ToContainTextAsync("******");
        await Expect(page.GetByTestId("stored-consent")).ToContainTextAsync("해지");
        await BrowserFixture.ScreenshotAsync(page, "subscription-desktop-02-active");

        await page.GetByRole(AriaRole.Button, new() { Name = "구독 해지" }).ClickAsync();
        await BrowserFixture.ScreenshotAsync(page, "subscription-desktop-03-cancel-confirm");
        await page.GetByRole(AriaRole.Button, new() { Name = "지금 해지합니다" }).ClickAsync();

        await Expect(Field(page, "상태")).ToContainTextAsync("해지됨");
        await Expect(page.GetByTestId("cancelled")).ToContainTextAsync("이후 결제는 없습니다");
        await Expect(Field(page, "다음 결제")).ToContainTextAsync("예정된 결제 없음");
        await Expect(ChargeRows(page)).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(page, "subscription-desktop-04-cancelled");
        Assert.Empty(consoleErrors);

        // Staff see it, its card and its charges.
        var manageUrl = page.Url;
        var publicId = new Uri(manageUrl).AbsolutePath.Split('/').Last();
        await page.GotoAsync("/admin/subscriptions");
        await page.GetByLabel("아이디").FillAsync("admin");
        await page.GetByLabel("비밀번호").FillAsync(CheckoutApp.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "로그인", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/admin/subscriptions");
        await page.GetByRole(AriaRole.Link, new() { Name = publicId }).ClickAsync();
        await Expect(Field(page, "상태")).ToContainTextAsync("해지됨");
        await Expect(ChargeRows(page)).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("events")).ToContainTextAsync("deleted at PortOne");
        await BrowserFixture.ScreenshotAsync(page, "subscription-desktop-05-admin");
    }

    [Fact]
    public async Task On_a_phone_a_shopper_subscribes_from_tomorrow_through_the_billing_window_page_and_lands_on_the_secret_link()
    {
        await using var context = await browser.NewContextAsync(app.BaseUri, phone: true);
        var page = await context.NewPageAsync();

        await SubscribeAsync(page, phone: true, Today.AddDays(1));
        await page.WaitForURLAsync("**/sandbox/window/**");
        await Expect(page.GetByTestId("billing-key")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("amount")).ToHaveTextAsync("0원");
        await BrowserFixture.ScreenshotAsync(page, "subscription-phone-02-billing-window");
        await page.GetByTestId("approve").ClickAsync();

        await page.WaitForURLAsync("**/subscriptions/manage/**");
        await Expect(Field(page, "상태")).ToContainTextAsync("구독 중");
        await Expect(Field(page, "다음 결제")).ToContainTextAsync(Date(Today.AddDays(1)) + " 10:00 · 19,900원");
        await Expect(ChargeRows(page)).ToContainTextAsync("예약 결제 대기");
        await AssertFitsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "subscription-phone-03-active");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_shopper_who_lost_the_link_finds_the_subscription_with_its_number_and_phone_in_the_guest_lookup(bool phone)
    {
        var s = await app.SubscribeAsync(Today.AddDays(5));
        var device = phone ? "phone" : "desktop";
        await using var context = await browser.NewContextAsync(app.BaseUri, phone);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/orders/lookup");

        // A wrong phone gets the answer an unknown number gets.
        await page.GetByLabel("주문번호 또는 구독번호").FillAsync(s.PublicId);
        await page.GetByLabel("휴대폰 번호").FillAsync("010-9999-9999");
        await page.GetByRole(AriaRole.Button, new() { Name = "주문 찾기" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("일치하는 주문이 없습니다");
        await BrowserFixture.ScreenshotAsync(page, $"subscription-{device}-lookup-not-found");

        await page.GetByLabel("주문번호 또는 구독번호").FillAsync(s.PublicId);
        await page.GetByLabel("휴대폰 번호").FillAsync("010 1234 5678");
        await page.GetByRole(AriaRole.Button, new() { Name = "주문 찾기" }).ClickAsync();

        await page.WaitForURLAsync($"**/subscriptions/manage/{s.PublicId}?key=**");
        await Expect(page.GetByTestId("subscription")).ToHaveAttributeAsync("data-interactive", "true");
        await Expect(Field(page, "구독번호")).ToContainTextAsync(s.PublicId);
        await Expect(Field(page, "상태")).ToContainTextAsync("구독 중");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "구독 해지" })).ToBeEnabledAsync();
        if (phone)
        {
            await AssertFitsAsync(page);
        }
        await BrowserFixture.ScreenshotAsync(page, $"subscription-{device}-lookup-found");
    }

    private static async Task SubscribeAsync(IPage page, bool phone, DateOnly firstCharge)
    {
        var device = phone ? "phone" : "desktop";
        await page.GotoAsync("/subscriptions");
        await Expect(page.GetByTestId("subscribe")).ToHaveAttributeAsync("data-interactive", "true");
        await page.GetByTestId("plan-SUB-COFFEE-MONTHLY").GetByRole(AriaRole.Link, new() { Name = "구독하기" }).ClickAsync();
        await Expect(page.GetByTestId("subscribe")).ToHaveAttributeAsync("data-interactive", "true");
        await Expect(page.GetByTestId("plan-price")).ToHaveTextAsync("19,900원 / 매월");
        await page.GetByLabel("이름").FillAsync("김구독");
        await page.GetByLabel("이메일").FillAsync("kim@example.com");
        await page.GetByLabel("휴대폰 번호").FillAsync("010-2345-6789");
        await page.GetByLabel("주소").FillAsync("서울 성동구 성수이로 20길 16");
        await page.GetByLabel("우편번호").FillAsync("04783");
        await page.GetByLabel("첫 결제일").FillAsync(firstCharge.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("consent-text")).ToContainTextAsync("19,900원을 매월 등록한 카드로 자동결제");
        await Expect(page.GetByTestId("consent-text")).ToContainTextAsync($"첫 결제일은 {Date(firstCharge)}");
        var consent = page.GetByRole(AriaRole.Checkbox, new() { Name = "위 정기결제(자동결제) 내용을 확인했으며 이에 동의합니다." });
        await Expect(consent).Not.ToBeCheckedAsync();
        var subscribe = page.GetByRole(AriaRole.Button, new() { Name = "카드 등록하고 구독 시작" });
        await Expect(subscribe).ToBeDisabledAsync();
        await consent.CheckAsync();
        await Expect(subscribe).ToBeEnabledAsync();
        if (phone)
        {
            await AssertFitsAsync(page);
        }
        await BrowserFixture.ScreenshotAsync(page, $"subscription-{device}-01-subscribe");
        await subscribe.ClickAsync();
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Nothing sticks out sideways: a phone never scrolls horizontally.</summary>
    private static async Task AssertFitsAsync(IPage page)
    {
        var (scroll, width) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
        Assert.True(scroll <= width, $"page is {scroll}px wide in a {width}px viewport");
    }

    /// <summary>The value row of a subscription field, found by its row header as a person reads the table.</summary>
    private static ILocator Field(IPage page, string header) =>
        page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = header, Exact = true }) });

    /// <summary>The charges, one row each: every one names its cycle ("1회차").</summary>
    private static ILocator ChargeRows(IPage page) => page.GetByRole(AriaRole.Row).Filter(new() { HasTextRegex = CycleText() });

    [GeneratedRegex(@"\d+회차")]
    private static partial Regex CycleText();
}
