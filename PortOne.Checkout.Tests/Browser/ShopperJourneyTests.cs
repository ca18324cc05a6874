using Microsoft.Playwright;
using PortOne.Checkout.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;
using static PortOne.Checkout.Tests.Browser.CheckoutShopper;

namespace PortOne.Checkout.Tests.Browser;

/// <summary>What a shopper and a member of staff do, in Debian's Chromium against the app and its sandbox.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "E2E")]
public class ShopperJourneyTests(BrowserFixture browser, CheckoutApp app) : IClassFixture<CheckoutApp>
{
    [Fact]
    public async Task Shopper_buys_two_products_on_three_months_installment_and_sees_the_paid_order()
    {
        await using var context = await browser.NewContextAsync(app.BaseUri);
        var page = await context.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") { consoleErrors.Add(message.Text); } };

        await page.GotoAsync("/checkout");
        await WaitInteractiveAsync(page);
        await AddAsync(page, "나이키 와플 트레이너 2 SD");
        await AddAsync(page, "한글의 탄생 (도서)");
        await Expect(PayButton(page)).ToHaveTextAsync("127,000원 결제하기");
        await FillBuyerAsync(page);
        await PickAsync(page, "할부", "3개월");
        await ConsentAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "shopper-01-checkout");

        await PayButton(page).ClickAsync();
        var window = page.FrameLocator("#portone-sandbox-window");
        var approve = window.GetByRole(AriaRole.Button, new() { Name = "결제하기", Exact = true });
        await Expect(approve).ToBeVisibleAsync();
        await window.GetByLabel("카드사").SelectOptionAsync("366");
        await window.GetByLabel("할부 개월").SelectOptionAsync("3");
        await BrowserFixture.ScreenshotAsync(page, "shopper-02-payment-window");
        await approve.ClickAsync();

        await page.WaitForURLAsync("**/orders/**");
        await Expect(page.GetByTestId("status-label")).ToHaveTextAsync("결제 완료");
        await Expect(OrderDetail(page, "결제금액")).ToHaveTextAsync("127,000원");
        await Expect(OrderDetail(page, "카드")).ToHaveTextAsync("신한카드");
        await Expect(OrderDetail(page, "할부")).ToContainTextAsync("3개월");
        await BrowserFixture.ScreenshotAsync(page, "shopper-03-paid-order");
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task Closing_the_window_leaves_a_message_and_an_unpaid_order()
    {
        await using var context = await browser.NewContextAsync(app.BaseUri);
        var page = await OpenAsync(context);
        await AddAsync(page, "오가닉 코튼 반팔 티셔츠");
        await FillBuyerAsync(page);
        await ConsentAsync(page);

        await PayButton(page).ClickAsync();
        await page.FrameLocator("#portone-sandbox-window").GetByRole(AriaRole.Button, new() { Name = "닫기 / 결제 취소" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "결제가 완료되지 않았습니다" })).ToBeVisibleAsync();
        await Expect(PayButton(page)).ToBeEnabledAsync();
        await BrowserFixture.ScreenshotAsync(page, "shopper-04-window-closed");
    }

    [Fact]
    public async Task Admin_signs_in_and_sees_the_order_newest_first()
    {
        var placed = await app.PlaceOrderAsync(null, ("MUG-CELADON", 2));
        await using var context = await browser.NewContextAsync(app.BaseUri);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/admin/orders");
        await page.WaitForURLAsync("**/admin/login**");
        await page.GetByLabel("아이디").FillAsync("admin");
        await page.GetByLabel("비밀번호").FillAsync(CheckoutApp.AdminPassword);
        await BrowserFixture.ScreenshotAsync(page, "shopper-05-admin-login");
        await page.GetByRole(AriaRole.Button, new() { Name = "로그인", Exact = true }).ClickAsync();

        await page.WaitForURLAsync("**/admin/orders");
        var newest = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByTestId("order-row") }).First;
        await Expect(newest.GetByTestId("order-row")).ToHaveAttributeAsync("data-merchant-uid", placed.Order.MerchantUid);
        await Expect(newest).ToContainTextAsync("27,000원");
        await Expect(newest).ToContainTextAsync("홍길동");
        await BrowserFixture.ScreenshotAsync(page, "shopper-06-admin-orders");
    }

    [Fact]
    public async Task Admin_issues_a_cash_receipt_for_a_paid_transfer()
    {
        var placed = await app.PlaceOrderAsync(new PortOne.Checkout.Features.Checkout.PaymentChoice("trans"), ("BOOK-HANGUL", 3));
        var impUid = await app.Shopper().PayAsync(placed.RequestPayParams, cardCode: null);
        await app.Get<PortOne.Checkout.Features.Payments.PaymentSync>().SyncAsync(impUid, "callback");
        await using var context = await browser.NewContextAsync(app.BaseUri);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/admin/login?ReturnUrl=" + Uri.EscapeDataString("/admin/orders/" + placed.Order.MerchantUid));
        await page.GetByLabel("아이디").FillAsync("admin");
        await page.GetByLabel("비밀번호").FillAsync(CheckoutApp.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "로그인", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/admin/orders/" + placed.Order.MerchantUid);

        await page.GetByLabel("발급 유형").SelectOptionAsync("person");
        await page.GetByLabel("번호", new() { Exact = true }).FillAsync("010-1234-5678");
        await page.GetByRole(AriaRole.Button, new() { Name = "현금영수증 발급", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("현금영수증을 발급했습니다");
        await Expect(page.GetByTestId("cash-receipt")).ToContainTextAsync("소득공제용");
        await Expect(page.GetByTestId("events")).ToContainTextAsync("cash receipt issued");
        await BrowserFixture.ScreenshotAsync(page, "admin-cash-receipt");
    }

    [Fact]
    public async Task Wrong_admin_password_is_refused()
    {
        await using var context = await browser.NewContextAsync(app.BaseUri);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/admin/login");
        await page.GetByLabel("아이디").FillAsync("admin");
        await page.GetByLabel("비밀번호").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "로그인", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("아이디 또는 비밀번호가 올바르지 않습니다");
        await page.GotoAsync("/admin/orders");
        await page.WaitForURLAsync("**/admin/login**");
    }
}
