using Microsoft.Playwright;
using PortOne.Checkout.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace PortOne.Checkout.Tests.Browser;

/// <summary>Staff take a card payment by phone, keep a card as a billing key and charge it later; the pages never send a card back.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "E2E")]
public class PhoneOrderPageTests(BrowserFixture browser, CheckoutApp app) : IClassFixture<CheckoutApp>
{
    [Fact]
    public async Task Staff_charge_a_card_by_phone_and_a_decline_is_shown_in_plain_words_without_echoing_the_card()
    {
        await using var context = await browser.NewContextAsync(app.BaseUri);
        var page = await StaffSignIn.AtAsync(context, "/admin/phone-orders", "admin", CheckoutApp.AdminPassword);

        await FillAsync(page, "5361-4800-0000-0001");
        await BrowserFixture.ScreenshotAsync(page, "phone-order-01-form");
        // What the browser would send again on back and resubmit: this very form, as filled.
        var sentForm = await page.EvaluateAsync<string[][]>("() => [...new FormData(document.getElementById('card-number').form)]");
        await page.GetByRole(AriaRole.Button, new() { Name = "결제하기" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("64,000원 결제되었습니다.");
        await Expect(page.GetByLabel("카드 번호")).ToHaveValueAsync("");
        Assert.DoesNotContain("4800-0000-0001", await page.ContentAsync(), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "phone-order-02-paid");

        var resent = await page.EvaluateAsync<string>(
            "async fields => (await fetch(location.pathname, { method: 'POST', body: new URLSearchParams(fields) })).text()", sentForm);
        Assert.Contains("이미 처리되었습니다. 다시 결제하지 않았습니다.", System.Net.WebUtility.HtmlDecode(resent), StringComparison.Ordinal);

        await FillAsync(page, "5361-4800-0000-0002");
        await page.GetByRole(AriaRole.Button, new() { Name = "결제하기" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("카드사가 결제를 거절했습니다");
        await Expect(page.GetByLabel("카드 번호")).ToHaveValueAsync("");
        await Expect(page.GetByLabel("주문명")).ToHaveValueAsync("전화 주문: 원두 2kg");
        Assert.DoesNotContain("4800-0000-0002", await page.ContentAsync(), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "phone-order-03-declined");
    }

    [Fact]
    public async Task Staff_keep_a_card_with_a_charge_and_another_alone_then_charge_a_kept_card_without_the_card_ever_coming_back()
    {
        await using var context = await browser.NewContextAsync(app.BaseUri);
        var page = await StaffSignIn.AtAsync(context, "/admin/phone-orders", "admin", CheckoutApp.AdminPassword);

        // With the charge: the card PortOne masked is what staff see.
        await FillAsync(page, "5361-4800-1234-0001");
        await page.GetByLabel("이 카드를 다음 결제에 쓰도록 저장 (빌링키 발급)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "결제하기" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("카드를 저장했습니다: ");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("536148******0001");
        Assert.DoesNotContain("4800-1234", await page.ContentAsync(), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "phone-order-04-paid-and-saved");

        // Alone: no money moves; a card that fails authentication is said so and not kept.
        await page.GetByRole(AriaRole.Link, new() { Name = "저장한 카드 (빌링키)" }).First.ClickAsync();
        await page.WaitForURLAsync("**/admin/phone-orders/cards");
        await FillCardAsync(page, "5361-4800-5678-0004");
        await page.GetByRole(AriaRole.Button, new() { Name = "카드 등록" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("카드 인증에 실패했습니다");
        await Expect(page.GetByLabel("카드 번호")).ToHaveValueAsync("");
        await Expect(page.GetByLabel("카드 소유자 이름")).ToHaveValueAsync("최저장");

        await FillCardAsync(page, "5361-4800-5678-0009");
        await page.GetByRole(AriaRole.Button, new() { Name = "카드 등록" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("카드를 등록했습니다: ");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("536148******0009");
        await Expect(page.GetByLabel("카드 번호")).ToHaveValueAsync("");
        Assert.DoesNotContain("4800-5678", await page.ContentAsync(), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "phone-order-05-card-registered");

        // Later: the registered card, picked by what PortOne shows of it, is charged as an order of its own.
        await Expect(page.GetByLabel("카드", new() { Exact = true })).ToContainTextAsync("536148******0009");
        await page.GetByLabel("주문명").FillAsync("정기 주문: 원두 1kg");
        await page.GetByLabel("결제 금액 (원)").FillAsync("32000");
        await page.GetByRole(AriaRole.Button, new() { Name = "저장한 카드로 결제하기" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("32,000원 결제되었습니다.");
        await BrowserFixture.ScreenshotAsync(page, "phone-order-06-saved-card-charged");

        await page.GetByRole(AriaRole.Alert).GetByRole(AriaRole.Link).ClickAsync();
        await page.WaitForURLAsync("**/admin/orders/tel-**");
        await Expect(page.GetByText("결제 완료").First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "phone-order-07-saved-card-order");
    }

    private static async Task FillAsync(IPage page, string card)
    {
        await page.GetByLabel("주문명").FillAsync("전화 주문: 원두 2kg");
        await page.GetByLabel("결제 금액 (원)").FillAsync("64000");
        await page.GetByLabel("이름").FillAsync("박전화");
        await page.GetByLabel("휴대폰 번호").FillAsync("010-3456-7890");
        await FillCardFieldsAsync(page, card);
    }

    private static async Task FillCardAsync(IPage page, string card)
    {
        await page.GetByLabel("카드 소유자 이름").FillAsync("최저장");
        await page.GetByLabel("휴대폰 번호").FillAsync("010-4567-8901");
        await FillCardFieldsAsync(page, card);
    }

    private static async Task FillCardFieldsAsync(IPage page, string card)
    {
        await page.GetByLabel("카드 번호").FillAsync(card);
        await page.GetByLabel("유효기간 (MM/YY)").FillAsync("12/30");
        await page.GetByLabel("생년월일 6자리 (법인카드는 사업자등록번호 10자리)").FillAsync("820213");
        await page.GetByLabel("카드 비밀번호 앞 2자리").FillAsync("00");
    }
}
