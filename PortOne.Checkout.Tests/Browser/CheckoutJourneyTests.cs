using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;
using static PortOne.Checkout.Tests.Browser.CheckoutShopper;

namespace PortOne.Checkout.Tests.Browser;

/// <summary>
/// The checkout in Chromium, each journey on a desktop (the window in an iframe, the PC callback) and on a
/// 375×812 phone (the window as a page of its own, then the redirect to /payments/result). Every method's
/// journey runs the same steps (<see cref="ReadyToPayAsync"/>, <see cref="ApproveAsync"/>); only the
/// choices on the page and in the window differ.
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
        var page = await ReadyToPayAsync(context, phone, "card", ["나이키 와플 트레이너 2 SD", "한글의 탄생 (도서)"], async page =>
        {
            await Expect(PayButton(page)).ToHaveTextAsync("127,000원 결제하기");
            await Expect(SummaryRow(page, "배송비")).ToContainTextAsync("무료");
            await PickAsync(page, "카드사", "신한카드");
            await PickAsync(page, "할부", "3개월");
        });

        await ApproveAsync(page, phone, "card", async window =>
        {
            // card.direct fixes both in the window, as Toss does: the shopper chose them on our page.
            await Expect(window.GetByLabel("카드사")).ToHaveValueAsync("366");
            await Expect(window.GetByLabel("할부 개월")).ToHaveValueAsync("3");
        });

        await Expect(OrderDetail(page, "결제금액")).ToHaveTextAsync("127,000원");
        await Expect(OrderDetail(page, "카드")).ToHaveTextAsync("신한카드");
        await Expect(OrderDetail(page, "할부")).ToContainTextAsync("3개월");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Virtual_account_shows_the_account_to_copy_and_turns_paid_on_deposit(bool phone)
    {
        await using var context = await browser.NewContextAsync(app.BaseUri, phone);
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        var page = await ReadyToPayAsync(context, phone, "vbank", ["오가닉 코튼 반팔 티셔츠"], async page =>
        {
            await Expect(PayButton(page)).ToHaveTextAsync("32,000원 결제하기");
            await ChooseMethodAsync(page, "가상계좌");
            await Expect(page.GetByText("발급된 계좌로 3일 안에 입금하세요")).ToBeVisibleAsync();
        });

        await ApproveAsync(page, phone, "vbank", window => window.GetByLabel("입금 은행").SelectOptionAsync("088"), status: "입금 대기");

        await Expect(page.GetByTestId("vbank-name")).Not.ToBeEmptyAsync();
        await Expect(page.GetByTestId("vbank-due")).ToHaveTextAsync(DateDue());
        var account = (await page.GetByTestId("vbank-num").TextContentAsync())!.Trim();
        Assert.Matches(@"^\d[\d-]{8,}$", account);
        var copy = page.GetByRole(AriaRole.Button, new() { Name = "계좌번호 복사" });
        await copy.ClickAsync();
        await Expect(copy).ToHaveTextAsync("복사됨");
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
        var page = await ReadyToPayAsync(context, phone, "trans", ["한글의 탄생 (도서)"], ChooseTransferWithIncomeDeductionAsync);

        await ApproveAsync(page, phone, "trans");

        await Expect(OrderDetail(page, "결제금액")).ToHaveTextAsync("21,000원");
        await Expect(OrderDetail(page, "결제수단")).ToHaveTextAsync("계좌이체");
        await Expect(OrderDetail(page, "결제 옵션")).ToHaveTextAsync("현금영수증: 소득공제용 · 문화비 소득공제");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Kakaopay_is_paid(bool phone)
    {
        await using var context = await browser.NewContextAsync(app.BaseUri, phone);
        var page = await ReadyToPayAsync(context, phone, "kakaopay", ["캔버스 토트백"], async page =>
        {
            await ChooseMethodAsync(page, "카카오페이");
            await Expect(page.GetByText("결제창에서 간편결제 앱으로 이동합니다")).ToBeVisibleAsync();
        });

        await ApproveAsync(page, phone, "kakaopay");

        await Expect(OrderDetail(page, "결제수단")).ToHaveTextAsync("카카오페이");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_english_shopper_pays_with_an_international_card(bool phone)
    {
        await using var context = await browser.NewContextAsync(app.BaseUri, phone);
        var page = await ReadyToPayAsync(context, phone, "international", ["Nike Waffle Trainer 2 SD"], ChooseInternationalCardAsync, english: true);

        await ApproveAsync(page, phone, "international", window => Expect(Approve(window, english: true)).ToBeVisibleAsync(), "Paid", english: true);

        await Expect(OrderDetail(page, "Amount")).ToHaveTextAsync("₩109,000");
        await Expect(OrderDetail(page, "Options")).ToHaveTextAsync("International card");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_international_card_window_is_in_english(bool phone)
    {
        await using var context = await browser.NewContextAsync(app.BaseUri, phone);
        var page = await ReadyToPayAsync(context, phone, "international-window", ["Nike Waffle Trainer 2 SD"], ChooseInternationalCardAsync, english: true);

        var window = await PayAsync(page, phone);

        await Expect(Approve(window, english: true)).ToBeVisibleAsync();
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
        var page = await ReadyToPayAsync(context, phone, "trans-presets", ["한글의 탄생 (도서)"], ChooseTransferWithIncomeDeductionAsync);

        var window = await PayAsync(page, phone);

        await Expect(window.GetByLabel("현금영수증")).ToHaveValueAsync("personal");
        await Expect(window.GetByText("문화비 소득공제 대상 거래입니다.")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, Name("trans-03-window-presets", phone));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Paying_with_buyer_fields_missing_or_wrong_announces_it_and_names_the_problem_under_each_field(bool phone)
    {
        await using var context = await browser.NewContextAsync(app.BaseUri, phone);
        var page = await OpenAsync(context);
        await AddAsync(page, "청자 머그컵");
        await page.GetByLabel("휴대폰 번호").FillAsync("12345");
        await ConsentAsync(page);

        await PayButton(page).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("구매자 정보를 확인하세요");
        // The problem is the field's description, so a screen reader reads it with the field.
        await Expect(page.GetByLabel("이름", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("이름", new() { Exact = true })).ToHaveAccessibleDescriptionAsync("이름을 입력하세요.");
        await Expect(page.GetByLabel("휴대폰 번호")).ToHaveAccessibleDescriptionAsync("전화번호 형식: 010-1234-5678");
        await Expect(page).ToHaveURLAsync(new Regex("/checkout$"));
        await AssertFitsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, Name("buyer-errors", phone));
    }

    [Fact]
    public async Task A_name_pasted_with_an_invisible_control_character_is_refused_under_the_field_and_opens_no_window()
    {
        await using var context = await browser.NewContextAsync(app.BaseUri, phone: true);
        var page = await OpenAsync(context);
        await AddAsync(page, "청자 머그컵");
        await FillBuyerAsync(page);
        // What a paste from a chat or a spreadsheet can carry: a character nobody sees.
        await page.GetByLabel("이름", new() { Exact = true }).FillAsync("홍\u0001길동");
        await ConsentAsync(page);

        await PayButton(page).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("구매자 정보를 확인하세요");
        await Expect(page.GetByLabel("이름", new() { Exact = true }))
            .ToHaveAccessibleDescriptionAsync("줄바꿈이나 제어 문자처럼 보이지 않는 문자는 쓸 수 없습니다. 지우고 다시 입력하세요.");
        await Expect(page.Locator("iframe")).ToHaveCountAsync(0);
        await Expect(page).ToHaveURLAsync(new Regex("/checkout$"));
        await AssertFitsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "checkout-name-control-character-phone");
    }

    [Fact]
    public async Task Every_checkout_control_has_a_name_and_the_keyboard_reaches_pay()
    {
        await using var context = await browser.NewContextAsync(app.BaseUri);
        var page = await OpenAsync(context);
        await AddAsync(page, "오가닉 코튼 반팔 티셔츠");

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
        await page.GetByLabel("우편번호").FocusAsync();
        var order = new List<string>();
        for (var i = 0; i < 40 && !order.Any(IsPay); i++)
        {
            await page.Keyboard.PressAsync("Tab");
            // What a screen reader announces for the focused control: its label, aria-label or text.
            var focused = await page.EvaluateAsync<string>("""
                (e => ((e.labels && e.labels.length ? e.labels[0].textContent : e.getAttribute('aria-label') || e.textContent) || e.tagName).trim())(document.activeElement)
                """);
            order.Add(focused);
            if (focused.EndsWith("(필수)", StringComparison.Ordinal))
            {
                await page.Keyboard.PressAsync("Space");
                await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = focused, Exact = true })).ToBeCheckedAsync();
            }
            if (focused.StartsWith("개인정보", StringComparison.Ordinal))
            {
                // The circuit enables the button; wait for it before tabbing on, as a person would see it light up.
                await Expect(PayButton(page)).ToBeEnabledAsync();
            }
        }
        var consentOrder = order.FindIndex(f => f.StartsWith("주문 내용을 확인", StringComparison.Ordinal));
        var consentPrivacy = order.FindIndex(f => f.StartsWith("개인정보", StringComparison.Ordinal));
        Assert.True(order.Any(IsPay) && order.Contains("신용·체크카드") && consentOrder >= 0 && consentOrder < consentPrivacy, string.Join(" → ", order));
        await Expect(PayButton(page)).ToBeFocusedAsync();

        static bool IsPay(string name) => name.EndsWith("결제하기", StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_language_switch_keeps_the_shopper_on_the_checkout_and_back()
    {
        await using var context = await browser.NewContextAsync(app.BaseUri);
        var page = await OpenAsync(context);
        await page.GetByRole(AriaRole.Link, new() { Name = "EN", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/checkout");
        await WaitInteractiveAsync(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Checkout", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "I have checked the order above and agree to pay" })).Not.ToBeCheckedAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "한국어", Exact = true }).ClickAsync();

        await page.WaitForURLAsync("**/checkout");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "주문/결제", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ko");
    }

    /// <summary>
    /// The steps every journey takes before paying: open the checkout, add the products, fill in the buyer,
    /// make the method's own choices, agree to both consents, check the page fits and take its picture.
    /// </summary>
    private static async Task<IPage> ReadyToPayAsync(IBrowserContext context, bool phone, string journey, string[] products,
        Func<IPage, Task> choose, bool english = false)
    {
        var page = await OpenAsync(context, english);
        foreach (var product in products)
        {
            await AddAsync(page, product, english);
        }
        await FillBuyerAsync(page);
        await choose(page);
        await ConsentAsync(page, english);
        // The circuit enables the button once both are ticked: what the picture shows is a page ready to pay.
        await Expect(PayButton(page)).ToBeEnabledAsync();
        await AssertFitsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, Name(journey + "-01-checkout", phone));
        return page;
    }

    /// <summary>
    /// The steps every paid journey takes after: press pay, act in the window (check what it shows, pick a
    /// bank), approve there, and wait for the result page with the status the shopper should read.
    /// </summary>
    private static async Task ApproveAsync(IPage page, bool phone, string journey, Func<ILocator, Task>? inWindow = null,
        string status = "결제 완료", bool english = false)
    {
        var window = await PayAsync(page, phone);
        await Expect(Approve(window, english)).ToBeEnabledAsync();
        if (inWindow is not null)
        {
            await inWindow(window);
        }
        await BrowserFixture.ScreenshotAsync(page, Name(journey + "-02-window", phone));
        await Approve(window, english).ClickAsync();

        await ExpectResultAsync(page, phone, status);
        await BrowserFixture.ScreenshotAsync(page, Name(journey + "-03-result", phone));
    }

    private static async Task ChooseTransferWithIncomeDeductionAsync(IPage page)
    {
        await ChooseMethodAsync(page, "계좌이체");
        await PickAsync(page, "현금영수증", "소득공제용");
        await Expect(page.GetByText("도서 구매로 문화비 소득공제가 적용됩니다.")).ToBeVisibleAsync();
    }

    private static async Task ChooseInternationalCardAsync(IPage page)
    {
        await Expect(PayButton(page)).ToHaveTextAsync("Pay ₩109,000");
        await page.GetByRole(AriaRole.Checkbox, new() { NameRegex = new Regex("^Pay with a card issued abroad") }).CheckAsync();
        await Expect(page.GetByLabel("Installments")).ToHaveCountAsync(0);
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
