using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using PortOne.Checkout.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace PortOne.Checkout.Tests.Sandbox;

/// <summary>The real iamport.js and window in Chromium, driven from a tiny merchant page on the sandbox's own host.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "E2E")]
public sealed class WindowBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly SandboxHost _host = SandboxHost.With(new Dictionary<string, string>());
    private readonly List<string> _consoleErrors = [];

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private static string NewUid(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..32];

    private Task<(IBrowserContext Context, IPage Page)> ShopAsync(JsonObject parameters, bool phone = false) =>
        MerchantShop.PayAsync(browser, _host.BaseUri, parameters, phone, _consoleErrors);

    private JsonObject Params(string merchantUid, decimal amount, string payMethod = "card") => new()
    {
        ["pg"] = "tosspayments",
        ["pay_method"] = payMethod,
        ["merchant_uid"] = merchantUid,
        ["name"] = "도서 2권",
        ["amount"] = amount,
        ["buyer_name"] = "홍길동",
        ["notice_url"] = _host.Url("/merchant/hooks"),
    };

    private static Task<JsonNode> CallbackAsync(IPage page) => MerchantShop.CallbackAsync(page);

    [Fact]
    public async Task Card_payment_with_three_month_installments_reaches_the_callback()
    {
        var parameters = Params(NewUid("e2e-card"), 109000m);
        parameters["display"] = new JsonObject { ["card_quota"] = new JsonArray(3, 6) };
        var (context, page) = await ShopAsync(parameters);
        await using var _ = context;
        var window = page.FrameLocator("#portone-sandbox-window");
        await Expect(window.GetByText("109,000원", new() { Exact = true })).ToBeVisibleAsync();
        await window.GetByLabel("카드사").SelectOptionAsync("381");
        await window.GetByLabel("할부 개월").SelectOptionAsync("3");
        await BrowserFixture.ScreenshotAsync(page, "sandbox-window-card-installments");
        await window.GetByRole(AriaRole.Button, new() { Name = "결제하기" }).ClickAsync();

        var callback = await CallbackAsync(page);
        Assert.Null(callback["error_code"]);
        await Expect(page.Locator("#portone-sandbox-window")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "sandbox-shop-card-callback");
        var payment = await _host.PaymentAsync(callback["imp_uid"]!.GetValue<string>());
        Assert.Equal("paid", payment["status"]!.GetValue<string>());
        Assert.Equal(3, payment["card_quota"]!.GetValue<int>());
        Assert.Equal("381", payment["card_code"]!.GetValue<string>());
        Assert.Empty(_consoleErrors);
    }

    [Fact]
    public async Task Vbank_is_issued_in_the_window_and_paid_by_a_deposit()
    {
        var parameters = Params(NewUid("e2e-vbank"), 45000m, "vbank");
        parameters["bypass"] = new JsonObject { ["cashReceiptType"] = "personal", ["isCulturalExpense"] = true };
        var (context, page) = await ShopAsync(parameters);
        await using var _ = context;
        var window = page.FrameLocator("#portone-sandbox-window");
        await window.GetByLabel("입금 은행").SelectOptionAsync("004");
        await Expect(window.GetByText("문화비 소득공제 대상 거래입니다.")).ToBeVisibleAsync();
        await Expect(window.GetByLabel("현금영수증")).ToHaveValueAsync("personal");
        await BrowserFixture.ScreenshotAsync(page, "sandbox-window-vbank");
        await window.GetByRole(AriaRole.Button, new() { Name = "결제하기" }).ClickAsync();

        var impUid = (await CallbackAsync(page))["imp_uid"]!.GetValue<string>();
        var issued = await _host.PaymentAsync(impUid);
        Assert.Equal("ready", issued["status"]!.GetValue<string>());
        Assert.Equal("KB국민은행", issued["vbank_name"]!.GetValue<string>());

        using var deposit = await _host.Http.PostAsync($"/sandbox/control/vbanks/{impUid}/deposit", null);
        Assert.Equal(HttpStatusCode.OK, deposit.StatusCode);
        Assert.Equal("paid", (await _host.PaymentAsync(impUid))["status"]!.GetValue<string>());
        Assert.Empty(_consoleErrors);
    }

    [Fact]
    public async Task Declined_test_card_reaches_the_callback_with_its_error()
    {
        var (context, page) = await ShopAsync(Params(NewUid("e2e-decline"), 32000m));
        await using var _ = context;
        var window = page.FrameLocator("#portone-sandbox-window");
        await window.GetByLabel("테스트 카드").SelectOptionAsync("limit");
        await BrowserFixture.ScreenshotAsync(page, "sandbox-window-decline");
        await window.GetByRole(AriaRole.Button, new() { Name = "결제하기" }).ClickAsync();

        var callback = await CallbackAsync(page);
        Assert.Equal("REJECT_CARD_PAYMENT", callback["error_code"]!.GetValue<string>());
        Assert.Contains("한도초과", callback["error_msg"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("failed", (await _host.PaymentAsync(callback["imp_uid"]!.GetValue<string>()))["status"]!.GetValue<string>());
        await BrowserFixture.ScreenshotAsync(page, "sandbox-shop-decline-callback");
    }

    [Fact]
    public async Task International_window_is_English_with_foreign_brands()
    {
        var parameters = Params(NewUid("e2e-intl"), 109000m);
        parameters["bypass"] = new JsonObject { ["tosspayments"] = new JsonObject { ["useInternationalCardOnly"] = true } };
        parameters["escrow"] = true;
        var (context, page) = await ShopAsync(parameters);
        await using var _ = context;
        var window = page.FrameLocator("#portone-sandbox-window");
        await Expect(window.GetByRole(AriaRole.Button, new() { Name = "Pay", Exact = true })).ToBeEnabledAsync();
        await Expect(window.GetByText("Escrow", new() { Exact = true })).ToBeVisibleAsync();
        await window.GetByLabel("Card brand").SelectOptionAsync("JCB");
        await BrowserFixture.ScreenshotAsync(page, "sandbox-window-international");
        await window.GetByRole(AriaRole.Button, new() { Name = "Pay", Exact = true }).ClickAsync();
        var payment = await _host.PaymentAsync((await CallbackAsync(page))["imp_uid"]!.GetValue<string>());
        Assert.Equal("JCB", payment["card_code"]!.GetValue<string>());
        Assert.True(payment["escrow"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Phone_redirects_to_the_window_and_lands_on_m_redirect_url_with_the_result_query()
    {
        var merchantUid = NewUid("e2e-mobile");
        var parameters = Params(merchantUid, 5000m);
        parameters["m_redirect_url"] = _host.Url("/shop/return");
        var (context, page) = await ShopAsync(parameters, phone: true);
        await using var _ = context;
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "결제하기" })).ToBeEnabledAsync(); // the window is the page now, not an iframe
        await Expect(page.GetByText("5,000원", new() { Exact = true })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "sandbox-window-mobile");
        await page.GetByRole(AriaRole.Button, new() { Name = "결제하기" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/shop/return\\?"));
        var query = await MerchantShop.LandingQueryAsync(page, "merchant_uid=" + merchantUid);
        await BrowserFixture.ScreenshotAsync(page, "sandbox-shop-mobile-landing");
        Assert.Null(query["error_code"]);
        Assert.Equal("paid", (await _host.PaymentAsync(query["imp_uid"]!))["status"]!.GetValue<string>());
    }
}
