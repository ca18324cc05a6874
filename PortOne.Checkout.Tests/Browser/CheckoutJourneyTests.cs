using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;
using static PortOne.Checkout.Tests.Browser.ShopperJourneyTests;

namespace PortOne.Checkout.Tests.Browser;

/// <summary>
/// The checkout in Chromium, each journey on a desktop (the window in an iframe, the PC callback) and on a
/// 375×812 phone (the window as a page of its own, then the redirect to /payments/result).
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "E2E")]
public partial class CheckoutJourneyTests(BrowserFixture browser, CheckoutApp app) : IClassFixture<CheckoutApp>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Card_with_a_chosen_company_and_three_months_is_paid(bool phone)
    {
        await using var context = await browser.NewContextAsync(app.BaseUri, phone);
        var page = await OpenCheckoutAsync(context, phone);
        await MoreAsync(page, "나이키 와플 트레이너 2 SD");
        await MoreAsync(page, "한글의 탄생 (도서)");
        await Expect(page.GetByTestId("total")).ToHaveTextAsync("127,000원");
        await Expect(page.GetByTestId("shipping")).ToHaveTextAsync("무료");
        await FillBuyerAsync(page);
        await page.GetByTestId("card-company").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "신한카드" }).ClickAsync();
        await page.GetByTestId("installments").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "3개월" }).ClickAsync();
        await ConsentAsync(page);
        await AssertFitsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, Name("card-01-checkout", phone));

        await PayAsync(page, phone);
        // card.direct fixes both in the window, as Toss does: the shopper chose them on our page.
        await Expect(Window(page, phone, "card-company")).ToHaveValueAsync("366");
        await Expect(Window(page, phone, "card-quota")).ToHaveValueAsync("3");
        await BrowserFixture.ScreenshotAsync(page, Name("card-02-window", phone));
        await Window(page, phone, "approve").ClickAsync();

        await ExpectResultAsync(page, phone, "결제 완료");
        await Expect(page.GetByTestId("order-amount")).ToHaveTextAsync("127,000원");
        await Expect(page.GetByTestId("order-card")).ToHaveTextAsync("신한카드");
        await Expect(page.GetByTestId("order-quota")).ToContainTextAsync("3개월");
        await BrowserFixture.ScreenshotAsync(page, Name("card-03-paid", phone));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Virtual_account_shows_the_account_to_copy_and_turns_paid_on_deposit(bool phone)
    {
        await using var context = await browser.NewContextAsync(app.BaseUri, phone);
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        var page = await OpenCheckoutAsync(context, phone);
        await MoreAsync(page, "오가닉 코튼 반팔 티셔츠");
        await Expect(page.GetByTestId("total")).ToHaveTextAsync("32,000원");
        await FillBuyerAsync(page);
        await page.GetByRole(AriaRole.Radio, new() { Name = "가상계좌" }).CheckAsync();
        await Expect(page.GetByTestId("vbank-note")).ToContainTextAsync("3일");
        await ConsentAsync(page);
        await AssertFitsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, Name("vbank-01-checkout", phone));

        await PayAsync(page, phone);
        await Window(page, phone, "vbank-bank").SelectOptionAsync("088");
        await Window(page, phone, "approve").ClickAsync();

        await ExpectResultAsync(page, phone, "입금 대기");
        await Expect(page.GetByTestId("vbank-name")).Not.ToBeEmptyAsync();
        await Expect(page.GetByTestId("vbank-due")).ToHaveTextAsync(DateDue());
        var account = (await page.GetByTestId("vbank-num").TextContentAsync())!.Trim();
        Assert.Matches(@"^\d[\d-]{8,}$", account);
        await page.GetByTestId("copy-vbank-num").ClickAsync();
        await Expect(page.GetByTestId("copy-vbank-num")).ToHaveTextAsync("복사됨");
        Assert.Equal(account, await page.EvaluateAsync<string>("navigator.clipboard.readText()"));
        await AssertFitsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, Name("vbank-02-issued", phone));

        var order = (await app.OrderAsync(MerchantUid(page.Url)))!;
        var deposit = await app.CreateClient().PostAsync($"/sandbox/control/vbanks/{order.ImpUid}/deposit", null);
        Assert.True(deposit.IsSuccessStatusCode, $"deposit: {(int)deposit.StatusCode}");
        // The sandbox sends its webhook in the background; run the same sync the notice endpoint runs so
        // the reload below sees the deposit without waiting on it (the webhook's own sync is then a no-op).
        await app.Get<PaymentSync>().SyncAsync(order.ImpUid!, SyncSource.Webhook);
        await page.ReloadAsync();
        await Expect(page.GetByTestId("status-label")).ToHaveTextAsync("결제 완료");
        await BrowserFixture.ScreenshotAsync(page, Name("vbank-03-paid", phone));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Bank_transfer_with_an_income_deduction_receipt_is_paid(bool phone)
    {
        await using var context = await browser.NewContextAsync(app.BaseUri, phone);
        var page = await OpenCheckoutAsync(context, phone);
        await MoreAsync(page, "한글의 탄생 (도서)");
        await FillBuyerAsync(page);
        await page.GetByRole(AriaRole.Radio, new() { Name = "계좌이체" }).CheckAsync();
        await page.GetByTestId("cash-receipt").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "소득공제용" }).ClickAsync();
        await Expect(page.GetByTestId("cultural-expense")).ToBeVisibleAsync();
        await ConsentAsync(page);
        await AssertFitsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, Name("trans-01-checkout", phone));

        await PayAsync(page, phone);
        await Window(page, phone, "approve").ClickAsync();

        await ExpectResultAsync(page, phone, "결제 완료");
        await Expect(page.GetByTestId("order-amount")).ToHaveTextAsync("21,000원");
        await Expect(page.GetByTestId("order-method")).ToHaveTextAsync("계좌이체");
        await Expect(page.GetByTestId("order-options")).ToHaveTextAsync("현금영수증: 소득공제용 · 문화비 소득공제");
        await BrowserFixture.ScreenshotAsync(page, Name("trans-02-paid", phone));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Kakaopay_is_paid(bool phone)
    {
        await using var context = await browser.NewContextAsync(app.BaseUri, phone);
        var page = await OpenCheckoutAsync(context, phone);
        await MoreAsync(page, "캔버스 토트백");
        await FillBuyerAsync(page);
        await page.GetByRole(AriaRole.Radio, new() { Name = "카카오페이" }).CheckAsync();
        await Expect(page.GetByTestId("easy-pay-note")).ToBeVisibleAsync();
        await ConsentAsync(page);
        await AssertFitsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, Name("kakaopay-01-checkout", phone));

        await PayAsync(page, phone);
        await Window(page, phone, "approve").ClickAsync();

        await ExpectResultAsync(page, phone, "결제 완료");
        await Expect(page.GetByTestId("order-method")).ToHaveTextAsync("카카오페이");
        await BrowserFixture.ScreenshotAsync(page, Name("kakaopay-02-paid", phone));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_english_shopper_pays_with_an_international_card(bool phone)
    {
        await using var context = await browser.NewContextAsync(app.BaseUri, phone);
        var page = await OpenEnglishCheckoutAsync(context, phone);
        await MoreAsync(page, "Nike Waffle Trainer 2 SD", english: true);
        await Expect(page.GetByTestId("total")).ToHaveTextAsync("₩109,000");
        await FillBuyerAsync(page);
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Pay with a card issued abroad" }).CheckAsync();
        await Expect(page.GetByTestId("installments")).ToHaveCountAsync(0);
        await ConsentAsync(page, english: true);
        await AssertFitsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, Name("international-01-checkout", phone));

        await PayAsync(page, phone);
        await Expect(Window(page, phone, "approve")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, Name("international-02-window", phone));
        await Window(page, phone, "approve").ClickAsync();

        await ExpectResultAsync(page, phone, "Paid");
        await Expect(page.GetByTestId("order-amount")).ToHaveTextAsync("₩109,000");
        await Expect(page.GetByTestId("order-options")).ToHaveTextAsync("International card");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await BrowserFixture.ScreenshotAsync(page, Name("international-03-paid", phone));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_international_card_window_is_in_english(bool phone)
    {
        await using var context = await browser.NewContextAsync(app.BaseUri, phone);
        var page = await OpenEnglishCheckoutAsync(context, phone);
        await MoreAsync(page, "Nike Waffle Trainer 2 SD", english: true);
        await FillBuyerAsync(page);
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Pay with a card issued abroad" }).CheckAsync();
        await ConsentAsync(page, english: true);

        await PayAsync(page, phone);

        var html = phone ? page.Locator("html") : page.FrameLocator("#portone-sandbox-window").Locator("html");
        await Expect(html).ToHaveAttributeAsync("lang", "en");
        await BrowserFixture.ScreenshotAsync(page, Name("international-04-english-window", phone));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_window_shows_what_the_checkout_chose(bool phone)
    {
        await using var context = await browser.NewContextAsync(app.BaseUri, phone);
        var page = await OpenCheckoutAsync(context, phone);
        await MoreAsync(page, "한글의 탄생 (도서)");
        await FillBuyerAsync(page);
        await page.GetByRole(AriaRole.Radio, new() { Name = "계좌이체" }).CheckAsync();
        await page.GetByTestId("cash-receipt").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "소득공제용" }).ClickAsync();
        await ConsentAsync(page);

        await PayAsync(page, phone);

        await Expect(Window(page, phone, "cash-receipt-type")).ToHaveValueAsync("personal");
        await Expect(Window(page, phone, "cultural-expense")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, Name("trans-03-window-presets", phone));
    }

    [Fact]
    public async Task Every_checkout_control_has_a_name_and_the_keyboard_reaches_pay()
    {
        await using var context = await browser.NewContextAsync(app.BaseUri);
        var page = await OpenCheckoutAsync(context, phone: false);
        await MoreAsync(page, "오가닉 코튼 반팔 티셔츠");

        // Every visible input has an accessible name: a <label>, aria-label or aria-labelledby.
        var unnamed = await page.EvaluateAsync<string[]>("""
            [...document.querySelectorAll('input, select, textarea, button')]
              .filter(e => e.offsetParent !== null && e.type !== 'hidden')
              .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby') && !(e.tagName === 'BUTTON' && e.textContent.trim()))
              .map(e => e.outerHTML.slice(0, 120))
            """);
        Assert.Empty(unnamed);

        // From the last buyer field, Tab walks method, options and consents (ticked with Space, as a
        // keyboard user would) and reaches the pay button, which is focusable only once both are ticked.
        await FillBuyerAsync(page);
        await page.GetByTestId("buyer-postcode").FocusAsync();
        var order = new List<string>();
        for (var i = 0; i < 40 && !order.Contains("pay"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string>("document.activeElement.closest('[data-testid]')?.getAttribute('data-testid') ?? document.activeElement.tagName");
            order.Add(focused);
            if (focused.StartsWith("consent-", StringComparison.Ordinal))
            {
                await page.Keyboard.PressAsync("Space");
                await Expect(page.GetByTestId(focused)).ToBeCheckedAsync();
            }
            if (focused == "consent-privacy")
            {
                // The circuit enables the button; wait for it before tabbing on, as a person would see it light up.
                await Expect(page.GetByTestId("pay")).ToBeEnabledAsync();
            }
        }
        Assert.True(order.Contains("pay") && order.IndexOf("consent-order") < order.IndexOf("consent-privacy"), string.Join(" → ", order));
        await Expect(page.GetByTestId("pay")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task The_language_switch_keeps_the_shopper_on_the_checkout_and_back()
    {
        await using var context = await browser.NewContextAsync(app.BaseUri);
        var page = await OpenEnglishCheckoutAsync(context, phone: false);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Checkout", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "I have checked the order above and agree to pay" })).Not.ToBeCheckedAsync();

        await page.GetByTestId("lang-ko").ClickAsync();

        await page.WaitForURLAsync("**/checkout");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "주문/결제", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ko");
    }

    private static async Task<IPage> OpenCheckoutAsync(IBrowserContext context, bool phone)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/checkout");
        await Expect(page.GetByTestId("checkout")).ToHaveAttributeAsync("data-interactive", "true");
        return page;
    }

    private static async Task<IPage> OpenEnglishCheckoutAsync(IBrowserContext context, bool phone)
    {
        var page = await OpenCheckoutAsync(context, phone);
        await page.GetByTestId("lang-en").ClickAsync();
        await page.WaitForURLAsync("**/checkout");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByTestId("checkout")).ToHaveAttributeAsync("data-interactive", "true");
        return page;
    }

    /// <summary>Presses pay; on a phone the window replaces the checkout, so wait for it before looking inside.</summary>
    private static async Task PayAsync(IPage page, bool phone)
    {
        await page.GetByTestId("pay").ClickAsync();
        if (phone)
        {
            await page.WaitForURLAsync("**/sandbox/window/**");
        }
    }

    /// <summary>The sandbox window: an iframe on a desktop, the page itself on a phone (top-level navigation).</summary>
    private static ILocator Window(IPage page, bool phone, string testId) =>
        phone ? page.GetByTestId(testId) : page.FrameLocator("#portone-sandbox-window").GetByTestId(testId);

    /// <summary>The desktop lands on the order page after the callback; the phone on /payments/result after the redirect.</summary>
    private static async Task ExpectResultAsync(IPage page, bool phone, string status)
    {
        await page.WaitForURLAsync(phone ? "**/payments/result?**" : "**/orders/**");
        await Expect(page.GetByTestId("status-label")).ToHaveTextAsync(status);
    }

    /// <summary>Nothing sticks out sideways: a phone never scrolls horizontally.</summary>
    private static async Task AssertFitsAsync(IPage page)
    {
        var (scroll, width) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
        Assert.True(scroll <= width, $"page is {scroll}px wide in a {width}px viewport");
    }

    private static string DateDue()
    {
        var seoul = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul"));
        return seoul.Date.AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + " 23:59";
    }

    private static string MerchantUid(string url) => MerchantUidPattern().Match(url).Value;

    private static string Name(string step, bool phone) => $"checkout-{(phone ? "phone" : "desktop")}-{step}";

    [GeneratedRegex(@"ord-\d{8}-[0-9a-f]{12}")]
    private static partial Regex MerchantUidPattern();
}
