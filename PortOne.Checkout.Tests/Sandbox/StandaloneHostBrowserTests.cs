using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using PortOne.Checkout.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace PortOne.Checkout.Tests.Sandbox;

/// <summary>
/// A merchant page on one origin paying through the standalone sandbox host on another, as an app in Live
/// mode pointed at the host does: iamport.js from the host, the window in an iframe (PC) or as the page
/// (phone), the result back on the merchant's origin.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "E2E")]
public sealed class StandaloneHostBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly SandboxHost _merchant = SandboxHost.With(new Dictionary<string, string>());
    private ChildApp _portOne = null!;
    private readonly List<string> _consoleErrors = [];

    public async Task InitializeAsync()
    {
        await _merchant.InitializeAsync();
        _portOne = await ChildApp.StartAsync(new Dictionary<string, string>
        {
            ["PortOne__Sandbox__MerchantCode"] = SandboxHost.MerchantCode,
            ["PortOne__Sandbox__AppOrigins__0"] = _merchant.BaseUri.GetLeftPart(UriPartial.Authority),
        }, "PortOne.Sandbox.Host");
    }

    public async Task DisposeAsync()
    {
        _portOne.Dispose();
        await _merchant.DisposeAsync();
    }

    private static string NewUid(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..32];

    private Task<(IBrowserContext Context, IPage Page)> ShopAsync(JsonObject parameters, bool phone) =>
        MerchantShop.PayAsync(browser, _merchant.BaseUri, parameters, phone, _consoleErrors, new Uri(_portOne.BaseUri, "/sandbox/v1/iamport.js"));

    private static JsonObject Params(string merchantUid) => new()
    {
        ["channelKey"] = "channel-key-sandbox",
        ["pay_method"] = "card",
        ["merchant_uid"] = merchantUid,
        ["name"] = "도서 2권",
        ["amount"] = 32000,
        ["buyer_name"] = "홍길동",
    };

    private async Task<string> StatusAtPortOneAsync(string impUid)
    {
        using var http = new HttpClient { BaseAddress = _portOne.BaseUri };
        using var token = await http.PostAsJsonAsync("/sandbox/api/users/getToken",
            new { imp_key = "sandbox_api_key", imp_secret = "sandbox_api_secret_not_a_secret" });
        var accessToken = JsonNode.Parse(await token.Content.ReadAsStringAsync())!["response"]!["access_token"]!.GetValue<string>();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/sandbox/api/payments/{impUid}?include_sandbox=true");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.SendAsync(request);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["response"]!["status"]!.GetValue<string>();
    }

    [Fact]
    public async Task On_a_PC_the_hosts_window_opens_over_the_merchant_page_and_the_callback_gets_the_result()
    {
        var (context, page) = await ShopAsync(Params(NewUid("host-pc")), phone: false);
        await using var _ = context;
        var window = page.FrameLocator("#portone-sandbox-window");
        await Expect(window.GetByText("32,000원", new() { Exact = true })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "standalone-host-window-pc");
        await window.GetByRole(AriaRole.Button, new() { Name = "결제하기" }).ClickAsync();

        var callback = await MerchantShop.CallbackAsync(page);
        Assert.Null(callback["error_code"]);
        Assert.Equal("paid", await StatusAtPortOneAsync(callback["imp_uid"]!.GetValue<string>()));
        Assert.Empty(_consoleErrors);
    }

    [Fact]
    public async Task On_a_phone_the_hosts_window_returns_to_the_merchants_m_redirect_url()
    {
        var merchantUid = NewUid("host-phone");
        var parameters = Params(merchantUid);
        parameters["m_redirect_url"] = _merchant.Url("/shop/return");
        var (context, page) = await ShopAsync(parameters, phone: true);
        await using var _ = context;
        await Expect(page.GetByText("32,000원", new() { Exact = true })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "standalone-host-window-phone");
        await page.GetByRole(AriaRole.Button, new() { Name = "결제하기" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(_merchant.Url("/shop/return?"))));
        var query = await MerchantShop.LandingQueryAsync(page, "merchant_uid=" + merchantUid);
        Assert.Null(query["error_code"]);
        Assert.Equal("paid", await StatusAtPortOneAsync(query["imp_uid"]!));
    }
}
