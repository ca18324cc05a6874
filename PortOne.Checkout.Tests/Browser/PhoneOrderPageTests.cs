using Microsoft.Playwright;
using PortOne.Checkout.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace PortOne.Checkout.Tests.Browser;

/// <summary>Staff take a card payment by phone; the page never sends the card back.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "E2E")]
public class PhoneOrderPageTests(BrowserFixture browser, CheckoutApp app) : IClassFixture<CheckoutApp>
{
    [Fact]
    public async Task Staff_charge_a_card_by_phone_and_a_decline_is_shown_in_plain_words_without_echoing_the_card()
    {
        await using var context = await browser.NewContextAsync(app.BaseUri);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/admin/phone-orders");
        await page.GetByLabel("아이디").FillAsync("admin");
        await page.GetByLabel("비밀번호").FillAsync(CheckoutApp.AdminPassword);
        await page.GetByTestId("login").ClickAsync();
        await page.WaitForURLAsync("**/admin/phone-orders");

        await FillAsync(page, "5361-4800-0000-0001");
        await BrowserFixture.ScreenshotAsync(page, "phone-order-01-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "결제하기" }).ClickAsync();

        await Expect(page.GetByTestId("phone-order-result")).ToContainTextAsync("64,000원 결제되었습니다.");
        await Expect(page.GetByLabel("카드 번호")).ToHaveValueAsync("");
        Assert.DoesNotContain("4800-0000-0001", await page.ContentAsync(), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "phone-order-02-paid");

        await FillAsync(page, "5361-4800-0000-0002");
        await page.GetByRole(AriaRole.Button, new() { Name = "결제하기" }).ClickAsync();

        await Expect(page.GetByTestId("phone-order-result")).ToContainTextAsync("카드사가 결제를 거절했습니다");
        await Expect(page.GetByLabel("카드 번호")).ToHaveValueAsync("");
        await Expect(page.GetByLabel("주문명")).ToHaveValueAsync("전화 주문: 원두 2kg");
        Assert.DoesNotContain("4800-0000-0002", await page.ContentAsync(), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "phone-order-03-declined");
    }

    private static async Task FillAsync(IPage page, string card)
    {
        await page.GetByLabel("주문명").FillAsync("전화 주문: 원두 2kg");
        await page.GetByLabel("결제 금액 (원)").FillAsync("64000");
        await page.GetByLabel("이름").FillAsync("박전화");
        await page.GetByLabel("휴대폰 번호").FillAsync("010-3456-7890");
        await page.GetByLabel("카드 번호").FillAsync(card);
        await page.GetByLabel("유효기간 (MM/YY)").FillAsync("12/30");
        await page.GetByLabel("생년월일 6자리 (법인카드는 사업자등록번호 10자리)").FillAsync("820213");
        await page.GetByLabel("카드 비밀번호 앞 2자리").FillAsync("00");
    }
}
