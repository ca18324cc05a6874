using System.Net;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Checkout;

/// <summary>The ko | EN switch: a cookie and a redirect back, never to another site.</summary>
public class CultureEndpointTests(CheckoutApp app) : IClassFixture<CheckoutApp>
{
    // A plain client on the real port, so the redirect and its cookie are seen, not followed.
    private HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.BaseUri };

    [Fact]
    public async Task Choosing_english_sets_the_culture_cookie_and_returns_to_the_page()
    {
        var response = await Client().GetAsync("/culture/en?redirect=%2Fcheckout");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/checkout", response.Headers.Location!.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=c%3Den%7Cuic%3Den", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https%3A%2F%2Fevil.example%2F")]
    [InlineData("%2F%2Fevil.example%2F")]
    [InlineData("%2F%5Cevil.example")]
    [InlineData("%2F%09%2Fevil.example")]
    [InlineData("/%09/x")]
    [InlineData("%2F%0A%2Fevil.example")]
    public async Task A_redirect_off_the_site_goes_home_instead(string redirect)
    {
        var response = await Client().GetAsync($"/culture/ko?redirect={redirect}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_unsupported_language_is_refused()
    {
        var response = await Client().GetAsync("/culture/fr?redirect=%2F");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Korean_is_the_default_whatever_the_browser_asks_for()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/checkout");
        request.Headers.AcceptLanguage.ParseAdd("en-US");

        var html = WebUtility.HtmlDecode(await (await Client().SendAsync(request)).Content.ReadAsStringAsync());

        Assert.Contains("<html lang=\"ko\">", html, StringComparison.Ordinal);
        Assert.Contains("주문/결제", html, StringComparison.Ordinal);
    }
}
