using Microsoft.Playwright;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Tests.Admin;
using PortOne.Checkout.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace PortOne.Checkout.Tests.Browser;

/// <summary>Staff sign in as themselves, in Debian's Chromium: roles decide what the order page offers, logout ends the session for good.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "E2E")]
public class StaffAccessTests(BrowserFixture browser, StaffApp app) : IClassFixture<StaffApp>
{
    private async Task<string> PaidCardOrderAsync()
    {
        var placed = await app.PlaceOrderAsync(new PaymentChoice("card"), ("BOOK-HANGUL", 3));
        var impUid = await app.Shopper().PayAsync(placed.RequestPayParams);
        await app.Get<PaymentSync>().SyncAsync(impUid, SyncSource.Callback);
        return placed.Order.MerchantUid;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Staff_sign_in_with_name_and_password_and_land_on_the_orders(bool phone)
    {
        await using var context = await browser.NewContextAsync(app.BaseUri, phone);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/admin/orders");
        await page.WaitForURLAsync("**/admin/login**");
        await BrowserFixture.ScreenshotAsync(page, $"staff-sign-in{(phone ? "-phone" : "")}");
        await StaffSignIn.FillAsync(page, "admin", CheckoutApp.AdminPassword);

        await page.WaitForURLAsync("**/admin/orders");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "주문 관리" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task After_logout_the_cookie_copied_before_it_is_refused()
    {
        await using var context = await browser.NewContextAsync(app.BaseUri);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/admin/login");
        await StaffSignIn.FillAsync(page, await app.AddStaffAsync("staff"), StaffApp.StaffPassword);
        await page.WaitForURLAsync("**/admin/orders");
        var copied = await context.CookiesAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "로그아웃" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/login");

        await using var thief = await browser.NewContextAsync(app.BaseUri);
        await thief.AddCookiesAsync(copied.Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path }));
        var stolen = await thief.NewPageAsync();
        await stolen.GotoAsync("/admin/orders");
        await stolen.WaitForURLAsync("**/admin/login**");
        await Expect(stolen.GetByRole(AriaRole.Heading, new() { Name = "관리자 로그인" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_owner_adds_a_viewer_who_sees_the_order_but_no_refund_form()
    {
        var merchantUid = await PaidCardOrderAsync();
        var viewerName = $"viewer{Guid.NewGuid():N}"[..14];
        await using var ownerContext = await browser.NewContextAsync(app.BaseUri);
        var owner = await StaffSignIn.AtAsync(ownerContext, "/admin/staff", "admin", CheckoutApp.AdminPassword);

        await owner.GetByLabel("아이디", new() { Exact = true }).FillAsync(viewerName);
        await owner.GetByLabel("비밀번호 (10자 이상)").FillAsync("viewer-password-1");
        await owner.GetByLabel("역할", new() { Exact = true }).SelectOptionAsync("viewer");
        await owner.GetByRole(AriaRole.Button, new() { Name = "직원 추가" }).ClickAsync();

        await Expect(owner.GetByRole(AriaRole.Status).Filter(new() { HasText = $"{viewerName} 님을 조회 전용(으)로 추가했습니다" })).ToBeVisibleAsync();
        await Expect(owner.GetByLabel($"{viewerName}의 역할", new() { Exact = true })).ToHaveValueAsync("viewer");
        await BrowserFixture.ScreenshotAsync(owner, "staff-page");
        await owner.SetViewportSizeAsync(375, 812);
        await BrowserFixture.ScreenshotAsync(owner, "staff-page-phone");

        await using var viewerContext = await browser.NewContextAsync(app.BaseUri, phone: true);
        var viewer = await StaffSignIn.AtAsync(viewerContext, "/admin/orders/" + merchantUid, viewerName, "viewer-password-1");

        await Expect(viewer.GetByRole(AriaRole.Region, new() { Name = "이력" })).ToBeVisibleAsync();
        await Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "환불" })).ToHaveCountAsync(0);
        await Expect(viewer.GetByLabel("사유")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(viewer, "staff-viewer-order-phone");
    }

    [Fact]
    public async Task A_refund_appears_on_the_orders_staff_activity_and_in_the_audit_trail()
    {
        var merchantUid = await PaidCardOrderAsync();
        await using var context = await browser.NewContextAsync(app.BaseUri);
        var page = await StaffSignIn.AtAsync(context, "/admin/orders/" + merchantUid, "admin", CheckoutApp.AdminPassword);

        await page.GetByLabel("환불 금액", new() { Exact = false }).FillAsync("5000");
        await page.GetByLabel("사유", new() { Exact = true }).FillAsync("고객 요청");
        await page.GetByRole(AriaRole.Button, new() { Name = "환불", Exact = true }).ClickAsync();

        var activity = page.GetByRole(AriaRole.Region, new() { Name = "직원 작업 기록" });
        await Expect(activity).ToContainTextAsync("admin · 환불 · 완료");
        await Expect(activity).ToContainTextAsync("요청 5,000원, 사유: 고객 요청");
        await BrowserFixture.ScreenshotAsync(page, "staff-order-activity");

        await page.GotoAsync("/admin/audit");
        await page.GetByLabel("작업", new() { Exact = true }).SelectOptionAsync("refund");
        await page.GetByRole(AriaRole.Button, new() { Name = "조회" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/audit?**action=refund**");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = merchantUid })).ToBeVisibleAsync();
        await Expect(page.DataRows().Filter(new() { HasNotText = "환불" })).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "staff-audit");
        await page.SetViewportSizeAsync(375, 812);
        await BrowserFixture.ScreenshotAsync(page, "staff-audit-phone");
    }
}

/// <summary>A throttled sign-in, seen in the browser: the page says to wait, in Korean and in English.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "E2E")]
public class SignInThrottleBrowserTests(BrowserFixture browser, SignInThrottleTests.ThrottledApp app) : IClassFixture<SignInThrottleTests.ThrottledApp>
{
    [Fact]
    public async Task A_throttled_sign_in_tells_the_person_to_wait()
    {
        await using var context = await browser.NewContextAsync(app.BaseUri);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/admin/login");

        IResponse? last = null;
        for (var i = 0; i < 4; i++)
        {
            await page.GetByLabel("아이디", new() { Exact = true }).FillAsync("admin");
            await page.GetByLabel("비밀번호", new() { Exact = true }).FillAsync("wrong-" + i);
            last = await page.RunAndWaitForResponseAsync(
                () => page.GetByRole(AriaRole.Button, new() { Name = "로그인" }).ClickAsync(), r => r.Request.Method == "POST");
        }

        Assert.Equal(429, last!.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("로그인 시도가 너무 많습니다");
        await BrowserFixture.ScreenshotAsync(page, "staff-sign-in-throttled");

        await page.GotoAsync("/culture/en?redirect=%2Fadmin%2Flogin");
        await page.GetByLabel("User name", new() { Exact = true }).FillAsync("admin");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(CheckoutApp.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Too many sign-in attempts. Try again in");
        await BrowserFixture.ScreenshotAsync(page, "staff-sign-in-throttled-en");
    }
}
