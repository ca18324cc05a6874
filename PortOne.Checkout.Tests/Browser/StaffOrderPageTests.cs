using Microsoft.Playwright;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace PortOne.Checkout.Tests.Browser;

/// <summary>The staff order page in Chromium: it keeps up with PortOne by itself and speaks the staff member's language.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "E2E")]
public class StaffOrderPageTests(BrowserFixture browser, CheckoutApp app) : IClassFixture<CheckoutApp>
{
    [Fact]
    public async Task A_pending_order_turns_paid_on_the_staff_page_by_itself_showing_chosen_and_charged_months()
    {
        var placed = await app.PlaceOrderAsync(new PaymentChoice("card", CardQuota: 3), ("SHOE-WAFFLE", 1));
        var shopper = app.Shopper();
        var window = await shopper.OpenAsync(placed.RequestPayParams);
        await using var context = await browser.NewContextAsync(app.BaseUri);
        var page = await SignInAsync(context, placed.Order.MerchantUid);
        await Expect(page.GetByText("결제 확인 중", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByText("할부: 주문 시 선택 3개월 할부 · PortOne 승인 -", new() { Exact = true })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "staff-01-pending");

        // The shopper takes 2 of the 2–3 months the window offered; PortOne's webhook tells the app.
        await shopper.ApproveAsync(window.ImpUid!, "366", cardQuota: 2);

        await Expect(page.GetByText("결제 완료", new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(page.GetByText("할부: 주문 시 선택 3개월 할부 · PortOne 승인 2개월 할부", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.RowHeaded("할부").GetByRole(AriaRole.Cell)).ToHaveTextAsync("2개월 할부");
        await BrowserFixture.ScreenshotAsync(page, "staff-02-paid-by-itself");
        await page.SetViewportSizeAsync(375, 812);
        await BrowserFixture.ScreenshotAsync(page, "staff-02-paid-by-itself-phone");
    }

    [Fact]
    public async Task Staff_buttons_keep_their_case_and_answers_come_in_the_staff_members_language()
    {
        var placed = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));
        await using var context = await browser.NewContextAsync(app.BaseUri);
        var page = await SignInAsync(context, placed.Order.MerchantUid);

        // innerText is what the eye reads: it applies CSS text-transform, textContent does not.
        Assert.Equal("PortOne에서 다시 확인", await page.GetByRole(AriaRole.Button, new() { Name = "PortOne에서 다시 확인" }).InnerTextAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "PortOne에서 다시 확인" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("PortOne에 이 주문의 결제가 없습니다.");

        await page.GetByRole(AriaRole.Link, new() { Name = "EN", Exact = true }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await page.GetByRole(AriaRole.Button, new() { Name = "Re-check with PortOne" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("PortOne has no payment for this order.");
        await BrowserFixture.ScreenshotAsync(page, "staff-03-english-answer");
    }

    [Fact]
    public async Task On_a_phone_staff_refund_a_deposited_virtual_account_to_a_bank_picked_from_the_list()
    {
        var (paid, _) = await app.DepositedVbankOrderAsync(("BAG-CANVAS", 1));
        await using var context = await browser.NewContextAsync(app.BaseUri);
        var page = await SignInAsync(context, paid.MerchantUid);
        await page.SetViewportSizeAsync(375, 812);

        // Sent without a bank, the form is answered here and nothing reaches PortOne.
        await page.GetByLabel("사유", new() { Exact = true }).FillAsync("고객 변심");
        await page.GetByLabel("예금주", new() { Exact = true }).FillAsync("홍길동");
        await page.GetByLabel("계좌번호", new() { Exact = true }).FillAsync("3333-01-2345678");
        await page.EvaluateAsync("document.getElementById('refund-bank').removeAttribute('required')");
        await page.GetByTestId("refund").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("가상계좌 결제는 고객이 알려 준 계좌로 환불됩니다. 이 항목을 확인하세요: 은행");

        await page.GetByLabel("사유", new() { Exact = true }).FillAsync("고객 변심");
        await page.GetByLabel("예금주", new() { Exact = true }).FillAsync("홍길동");
        await page.GetByLabel("은행", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "카카오뱅크 (090)" });
        await page.GetByLabel("계좌번호", new() { Exact = true }).FillAsync("3333-01-2345678");
        await BrowserFixture.ScreenshotAsync(page, "staff-04-vbank-refund-form-phone");
        await page.GetByTestId("refund").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("반영했습니다");
        Assert.Equal("refunded", (await app.OrderAsync(paid.MerchantUid))!.Status);
    }

    private static Task<IPage> SignInAsync(IBrowserContext context, string merchantUid) =>
        StaffSignIn.AtAsync(context, "/admin/orders/" + merchantUid, "admin", CheckoutApp.AdminPassword);
}
