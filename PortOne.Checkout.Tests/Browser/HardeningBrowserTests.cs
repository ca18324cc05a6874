using Microsoft.Playwright;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;
using static PortOne.Checkout.Tests.Browser.CheckoutShopper;

namespace PortOne.Checkout.Tests.Browser;

/// <summary>
/// What the headers and the shopper-facing fixes look like in Chromium: the checkout still pays with
/// the Content-Security-Policy on, card companies read in English, and a shopper without the order
/// link finds the order again, on a desktop and on a 375×812 phone.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "E2E")]
public class HardeningBrowserTests(BrowserFixture browser, CheckoutApp app) : IClassFixture<CheckoutApp>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_english_card_payment_goes_through_with_no_policy_violation_and_names_the_card_in_english(bool phone)
    {
        await using var context = await browser.NewContextAsync(app.BaseUri, phone);
        // Every frame and window of the journey: the checkout, the sandbox window (iframe or page), the result.
        var console = new List<string>();
        // (The sandbox's window page links no icon, so a phone browser asks for /favicon.ico: not ours to judge here.)
        context.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning" && !message.Location.Contains("/favicon.ico", StringComparison.Ordinal))
            {
                console.Add($"{message.Text} at {message.Location}");
            }
        };
        var page = await context.NewPageAsync();
        await page.GotoAsync("/culture/en?redirect=%2Fcheckout");
        await WaitInteractiveAsync(page);
        await AddAsync(page, "Organic cotton T-shirt", english: true);
        await FillBuyerAsync(page);
        await PickAsync(page, "Card company", "Shinhan Card");
        await ConsentAsync(page, english: true);

        var approve = Approve(await PayAsync(page, phone));
        await Expect(approve).ToBeEnabledAsync();
        await approve.ClickAsync();

        await ExpectResultAsync(page, phone, "Paid");
        await Expect(OrderDetail(page, "Card")).ToHaveTextAsync("Shinhan Card");
        await BrowserFixture.ScreenshotAsync(page, $"hardening-{(phone ? "phone" : "desktop")}-paid-english");
        Assert.DoesNotContain(console, m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        Assert.True(console.Count == 0, string.Join("\n", console));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_shopper_without_the_link_finds_the_order_by_number_and_phone(bool phone)
    {
        var placed = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));
        await app.Get<PaymentSync>().SyncAsync(await app.Shopper().PayAsync(placed.RequestPayParams), SyncSource.Callback);
        await using var context = await browser.NewContextAsync(app.BaseUri, phone);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "주문조회" }).ClickAsync();
        await page.WaitForURLAsync("**/orders/lookup");
        var name = phone ? "phone" : "desktop";

        // A wrong phone number first: the same answer an unknown order gets, announced.
        await page.GetByLabel("주문번호").FillAsync(placed.Order.MerchantUid);
        await page.GetByLabel("휴대폰 번호").FillAsync("010-9999-9999");
        await page.GetByRole(AriaRole.Button, new() { Name = "주문 찾기" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("일치하는 주문이 없습니다");
        await BrowserFixture.ScreenshotAsync(page, $"hardening-{name}-lookup-not-found");

        // The number as typed at checkout, without its hyphens.
        await page.GetByLabel("주문번호").FillAsync(placed.Order.MerchantUid);
        await page.GetByLabel("휴대폰 번호").FillAsync("01012345678");
        await page.GetByRole(AriaRole.Button, new() { Name = "주문 찾기" }).ClickAsync();

        await page.WaitForURLAsync($"**/orders/{placed.Order.MerchantUid}?key=**");
        await Expect(page.GetByTestId("status-label")).ToHaveTextAsync("결제 완료");
        await Expect(OrderDetail(page, "결제금액")).ToHaveTextAsync("15,000원");
        var (scroll, width) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
        Assert.True(scroll <= width, $"page is {scroll}px wide in a {width}px viewport");
        await BrowserFixture.ScreenshotAsync(page, $"hardening-{name}-lookup-found");
    }

    [Fact]
    public async Task A_tampered_result_address_shows_a_page_the_shopper_can_read_with_a_way_to_the_order()
    {
        await using var context = await browser.NewContextAsync(app.BaseUri, phone: true);
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync("/payments/result?imp_uid=imp_x%2F..%2F..%2Fcontrol%2Fwebhooks&merchant_uid=ord-1");

        Assert.Equal(400, response!.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("결제 결과 주소가 올바르지 않습니다");
        await BrowserFixture.ScreenshotAsync(page, "hardening-phone-result-malformed");
        await page.GetByRole(AriaRole.Link, new() { Name = "비회원 주문조회로 주문 찾기" }).ClickAsync();
        await page.WaitForURLAsync("**/orders/lookup");
    }

    [Fact]
    public async Task The_lookup_reads_in_english()
    {
        await using var context = await browser.NewContextAsync(app.BaseUri, phone: true);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/culture/en?redirect=%2Forders%2Flookup");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Guest order lookup", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Order number").FillAsync("ord-20260101-000000000000");
        await page.GetByLabel("Phone number").FillAsync("010-1234-5678");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find order" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("No order matches");
        await BrowserFixture.ScreenshotAsync(page, "hardening-phone-lookup-english");
    }
}
