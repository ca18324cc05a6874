using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PortOne.Checkout.Tests.Browser;

/// <summary>
/// What a shopper does on the checkout and in the sandbox's payment window, in Chromium: every control is
/// found the way a person finds it, by its role and its label or name, in Korean or in English.
/// </summary>
internal static partial class CheckoutShopper
{
    /// <summary>Opens the checkout (in English through the language cookie) and waits until its circuit is up.</summary>
    public static async Task<IPage> OpenAsync(IBrowserContext context, bool english = false)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(english ? "/culture/en?redirect=%2Fcheckout" : "/checkout");
        await WaitInteractiveAsync(page);
        return page;
    }

    /// <summary>The form is prerendered; clicks before the circuit is up would fall into dead HTML.</summary>
    public static Task WaitInteractiveAsync(IPage page) =>
        Expect(page.GetByTestId("checkout")).ToHaveAttributeAsync("data-interactive", "true");

    /// <summary>The "+" beside a product, named for it ("… 수량 늘리기", "One more …").</summary>
    public static Task AddAsync(IPage page, string productName, bool english = false) =>
        page.GetByRole(AriaRole.Button, new() { Name = english ? "One more " + productName : productName + " 수량 늘리기", Exact = true }).ClickAsync();

    public static async Task FillBuyerAsync(IPage page)
    {
        await BuyerField(page, "이름", "Name").FillAsync("홍길동");
        await BuyerField(page, "이메일", "E-mail").FillAsync("hong@example.com");
        await BuyerField(page, "휴대폰 번호", "Mobile number").FillAsync("010-1234-5678");
        await BuyerField(page, "주소", "Address").FillAsync("서울 성동구 성수이로 20길 16");
        await BuyerField(page, "우편번호", "Postcode").FillAsync("04783");
    }

    /// <summary>A buyer field by its label, on the Korean or the English page.</summary>
    private static ILocator BuyerField(IPage page, string korean, string english) =>
        page.GetByLabel(new Regex($"^({korean}|{english})$"));

    /// <summary>Checks the pay method's radio, by its label.</summary>
    public static Task ChooseMethodAsync(IPage page, string method) =>
        page.GetByRole(AriaRole.Radio, new() { Name = method, Exact = true }).CheckAsync();

    /// <summary>Picks <paramref name="option"/> by its text in the select labelled <paramref name="label"/>.</summary>
    public static Task PickAsync(IPage page, string label, string option) =>
        page.GetByLabel(label, new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = option });

    /// <summary>Ticks both required agreements by their visible labels, as a shopper would.</summary>
    public static async Task ConsentAsync(IPage page, bool english = false)
    {
        await page.GetByRole(AriaRole.Checkbox, new() { Name = english ? "I have checked the order above and agree to pay" : "주문 내용을 확인하였으며 결제에 동의합니다" }).CheckAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = english ? "I agree to the collection and use of my details" : "개인정보 수집·이용 및 제3자 제공에 동의합니다" }).CheckAsync();
    }

    /// <summary>The checkout's pay button; its name carries the total ("127,000원 결제하기", "Pay ₩109,000").</summary>
    public static ILocator PayButton(IPage page) =>
        page.GetByRole(AriaRole.Button, new() { NameRegex = PayButtonName() });

    /// <summary>The row of the order summary that starts with <paramref name="label"/> ("배송비 무료").</summary>
    public static ILocator SummaryRow(IPage page, string label) =>
        page.GetByRole(AriaRole.Row).Filter(new() { HasText = label });

    /// <summary>
    /// Presses pay and hands back the sandbox's payment window: an iframe over the checkout on a desktop, a
    /// page of its own on a phone (the checkout navigates to it, as PortOne's mobile window does).
    /// </summary>
    public static async Task<ILocator> PayAsync(IPage page, bool phone)
    {
        await PayButton(page).ClickAsync();
        if (phone)
        {
            await page.WaitForURLAsync("**/sandbox/window/**");
            return page.Locator("body");
        }
        return page.FrameLocator("#portone-sandbox-window").Locator("body");
    }

    /// <summary>The window's approve button ("결제하기", "Pay").</summary>
    public static ILocator Approve(ILocator window, bool english = false) =>
        window.GetByRole(AriaRole.Button, new() { Name = english ? "Pay" : "결제하기", Exact = true });

    /// <summary>The desktop lands on the order page after the callback; the phone on /payments/result after the redirect.</summary>
    public static async Task ExpectResultAsync(IPage page, bool phone, string status)
    {
        await page.WaitForURLAsync(phone ? "**/payments/result?**" : "**/orders/**");
        await Expect(page.GetByTestId("status-label")).ToHaveTextAsync(status);
    }

    /// <summary>The value beside <paramref name="label"/> in the order page's table ("결제금액" → "127,000원").</summary>
    public static ILocator OrderDetail(IPage page, string label) =>
        page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = label, Exact = true }) }).GetByRole(AriaRole.Cell);

    /// <summary>Nothing sticks out sideways: a phone never scrolls horizontally.</summary>
    public static async Task AssertFitsAsync(IPage page)
    {
        var (scroll, width) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
        Assert.True(scroll <= width, $"page is {scroll}px wide in a {width}px viewport");
    }

    [GeneratedRegex("(결제하기$|^Pay )")]
    private static partial Regex PayButtonName();
}
