using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Hosting;

/// <summary>Headers every response carries, in the Development test host (Sandbox mode).</summary>
public partial class SecurityHeadersTests(CheckoutApp app) : IClassFixture<CheckoutApp>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/checkout")]
    [InlineData("/payments/result?imp_uid=imp_424242424242")]
    [InlineData("/healthz")]
    public async Task Every_response_carries_a_content_security_policy_nosniff_and_a_referrer_policy(string path)
    {
        using var response = await app.CreateClient().GetAsync(path);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("'unsafe-eval'", csp, StringComparison.Ordinal);
        Assert.Matches("script-src 'self' 'nonce-[A-Za-z0-9+/=]+';", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task The_inline_import_map_carries_the_nonce_its_response_allows()
    {
        using var response = await app.CreateClient().GetAsync("/checkout");
        var html = await response.Content.ReadAsStringAsync();

        var nonce = NonceInPolicy().Match(response.Headers.GetValues("Content-Security-Policy").Single()).Groups[1].Value;
        Assert.Contains($"<script type=\"importmap\" nonce=\"{nonce}\">", html, StringComparison.Ordinal);
        // A fresh nonce per response: one seen once is no use later.
        using var second = await app.CreateClient().GetAsync("/checkout");
        Assert.DoesNotContain($"'nonce-{nonce}'", second.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex NonceInPolicy();
}

/// <summary>In Live mode the policy lets in PortOne's SDK host (from PortOne:SdkUrl) and the window hosts.</summary>
public class LiveSecurityHeadersTests(LiveCheckoutApp app) : IClassFixture<LiveCheckoutApp>
{
    [Fact]
    public async Task The_policy_allows_the_sdk_host_and_portones_window_and_nothing_else_from_outside()
    {
        using var response = await app.CreateClient().GetAsync("/checkout");

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        var sdkHost = new Uri(app.PortOne.Url("/")).GetLeftPart(UriPartial.Authority);
        Assert.Matches($"script-src 'self' 'nonce-[^']+' {Regex.Escape(sdkHost)};", csp);
        Assert.Contains("frame-src 'self' https://service.iamport.kr", csp, StringComparison.Ordinal);
        Assert.Contains("https://*.tosspayments.com", csp, StringComparison.Ordinal);
        Assert.Contains("form-action 'self' https://service.iamport.kr", csp, StringComparison.Ordinal);
    }
}

/// <summary>The app as Production runs it behind a TLS-terminating proxy on the same host.</summary>
public sealed class ProductionApp : CheckoutApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["PortOne:AllowSandboxInProduction"] = "true",
        ["Checkout:PublicBaseUrl"] = "https://shop.example/",
        ["ReverseProxy:KnownProxies:0"] = "127.0.0.1",
        ["Reconciliation:Enabled"] = "false",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }
}

public class ProductionHeadersTests(ProductionApp app) : IClassFixture<ProductionApp>
{
    private HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.BaseUri };

    /// <summary>What the proxy forwards for a shopper's HTTPS request.</summary>
    private static HttpRequestMessage ViaProxy(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "shop.example";
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.20");
        return request;
    }

    [Fact]
    public async Task Https_through_the_proxy_gets_hsts()
    {
        using var response = await Client().SendAsync(ViaProxy("/healthz"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single());
    }

    [Fact]
    public async Task Plain_http_is_redirected_to_https()
    {
        using var response = await Client().GetAsync("/checkout");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal(Uri.UriSchemeHttps, response.Headers.Location!.Scheme);
    }

    [Fact]
    public async Task Form_and_culture_cookies_are_secure()
    {
        using var lookup = await Client().SendAsync(ViaProxy("/orders/lookup"));
        using var culture = await Client().SendAsync(ViaProxy("/culture/en?redirect=%2F"));

        Assert.Contains(lookup.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal) && c.Contains("; secure", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(culture.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal) && c.Contains("; secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_staff_sign_in_cookie_is_never_sent_over_plain_http()
    {
        var options = app.Get<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);

        Assert.Equal(Microsoft.AspNetCore.Http.CookieSecurePolicy.Always, options.Cookie.SecurePolicy);
    }
}
