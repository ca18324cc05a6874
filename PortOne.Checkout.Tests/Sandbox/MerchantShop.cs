using System.Text.Json.Nodes;
using Microsoft.Playwright;
using PortOne.Checkout.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace PortOne.Checkout.Tests.Sandbox;

/// <summary>The tiny merchant page of <see cref="SandboxHost"/> (<c>/shop</c>) in Chromium, for the window's browser tests.</summary>
public static class MerchantShop
{
    /// <summary>
    /// Opens the shop with these request_pay parameters (iamport.js from <paramref name="sdk"/> if given, else the
    /// shop's own host) and presses its pay button. Console errors, but for the favicon Chromium asks every host
    /// for, are added to <paramref name="consoleErrors"/>.
    /// </summary>
    public static async Task<(IBrowserContext Context, IPage Page)> PayAsync(BrowserFixture browser, Uri shop, JsonObject parameters, bool phone,
        List<string> consoleErrors, Uri? sdk = null)
    {
        var context = await browser.NewContextAsync(shop, phone);
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Location.Contains("favicon", StringComparison.Ordinal))
            {
                consoleErrors.Add(message.Text);
            }
        };
        var query = sdk is null ? "" : $"sdk={Uri.EscapeDataString(sdk.ToString())}&";
        await page.GotoAsync($"/shop?{query}params={Uri.EscapeDataString(parameters.ToJsonString())}");
        await page.GetByRole(AriaRole.Button, new() { Name = "결제하기" }).ClickAsync();
        return (context, page);
    }

    /// <summary>
    /// What request_pay's callback received. The shop writes it as raw JSON into a test id'd block: a dump for
    /// the test to parse, which no person reads.
    /// </summary>
    public static async Task<JsonNode> CallbackAsync(IPage page)
    {
        var result = page.GetByTestId("result");
        await Expect(result).ToContainTextAsync("imp_uid");
        return JsonNode.Parse(await result.TextContentAsync() ?? "")!;
    }

    /// <summary>The query string the shop's m_redirect_url landing received, once it holds <paramref name="expected"/>.</summary>
    public static async Task<System.Collections.Specialized.NameValueCollection> LandingQueryAsync(IPage page, string expected)
    {
        await Expect(page.GetByTestId("landing")).ToContainTextAsync(expected);
        return System.Web.HttpUtility.ParseQueryString(new Uri(page.Url).Query);
    }
}
