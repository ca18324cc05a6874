using Microsoft.Playwright;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace PortOne.Checkout.Tests.Browser;

/// <summary>
/// Staff at the cash desk, in Debian's Chromium on a desktop and a phone: a regular customer's fixed
/// account issued and its deposit seen, and an outside cash receipt issued and cancelled.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "E2E")]
public class CashDeskBrowserTests(BrowserFixture browser, StaffApp app) : IClassFixture<StaffApp>
{
    private async Task<IPage> SignedInAtAsync(IBrowserContext context, string path) =>
        await StaffSignIn.AtAsync(context, path, await app.AddStaffAsync("staff"), StaffApp.StaffPassword);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Staff_register_a_customer_issue_their_fixed_account_and_see_the_deposit(bool phone)
    {
        var suffix = phone ? "-phone" : "";
        await using var context = await browser.NewContextAsync(app.BaseUri, phone);
        var page = await SignedInAtAsync(context, "/admin/customers");

        await page.GetByLabel("이름", new() { Exact = true }).FillAsync("박정기");
        await page.GetByLabel("휴대폰 번호").FillAsync("010-4444-5555");
        await page.GetByLabel("이메일").FillAsync("park@example.com");
        await page.GetByLabel("입금 은행").SelectOptionAsync(new SelectOptionValue { Label = "신한은행" });
        await BrowserFixture.ScreenshotAsync(page, "cashdesk-customers" + suffix);
        await page.GetByRole(AriaRole.Button, new() { Name = "등록" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "박정기" })).ToBeVisibleAsync();

        await page.GetByLabel("청구 금액 (원)").FillAsync("55000");
        await page.GetByLabel("청구 내용").FillAsync("12월 정기 납품");
        await page.GetByRole(AriaRole.Button, new() { Name = "계좌 발급" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "55,000원 청구로 발급했습니다" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "신한은행 562" })).ToBeVisibleAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "12월 정기 납품" });
        await Expect(row).ToContainTextAsync("입금 대기");
        await BrowserFixture.ScreenshotAsync(page, "cashdesk-account-issued" + suffix);

        var merchantUid = (await row.GetByRole(AriaRole.Link).GetAttributeAsync("href"))!.Split('/')[^1];
        var impUid = (await app.OrderAsync(merchantUid))!.ImpUid;
        using (var deposit = await app.CreateClient().PostAsync($"/sandbox/control/vbanks/{impUid}/deposit", null))
        {
            deposit.EnsureSuccessStatusCode();
        }
        await Eventually.WaitAsync(() => app.OrderAsync(merchantUid), o => o!.Status == OrderStatus.Paid);
        // A GET, not a reload: reloading would post the issue form again.
        await page.GotoAsync(page.Url);

        await Expect(row).ToContainTextAsync("결제 완료");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "계좌 닫기" })).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "cashdesk-account-paid" + suffix);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Staff_issue_an_outside_cash_receipt_and_cancel_it(bool phone)
    {
        var suffix = phone ? "-phone" : "";
        await using var context = await browser.NewContextAsync(app.BaseUri, phone);
        var page = await SignedInAtAsync(context, "/admin/receipts");

        var description = phone ? "가게 계좌 입금 (휴대폰)" : "가게 계좌 입금 (PC)";
        await page.GetByLabel("내용", new() { Exact = true }).FillAsync(description);
        await page.GetByLabel("금액 (원)").FillAsync("27500");
        // A book among what was sold: its part carries no VAT.
        await page.GetByLabel("면세 금액 (선택)").FillAsync("15000");
        await page.GetByLabel("발급 유형").SelectOptionAsync("person");
        await page.GetByLabel("번호", new() { Exact = true }).FillAsync("010-2468-1357");
        await page.GetByRole(AriaRole.Button, new() { Name = "현금영수증 발급" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "현금영수증을 발급했습니다" })).ToBeVisibleAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = description });
        await Expect(row).ToContainTextAsync("27,500원");
        await Expect(row).ToContainTextAsync("면세 15,000원");
        await Expect(row).ToContainTextAsync("발급됨");
        await Expect(page.GetByLabel("번호", new() { Exact = true })).ToHaveValueAsync("");
        Assert.DoesNotContain("2468", await page.ContentAsync(), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "cashdesk-outside-receipt" + suffix);

        await row.GetByRole(AriaRole.Button, new() { Name = "발급 취소" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "현금영수증 발급을 취소했습니다" })).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("취소됨");
        await BrowserFixture.ScreenshotAsync(page, "cashdesk-outside-receipt-cancelled" + suffix);
    }
}
