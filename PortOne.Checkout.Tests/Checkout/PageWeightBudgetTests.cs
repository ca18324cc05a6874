using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Checkout;

/// <summary>
/// What a phone downloads for <c>/checkout</c>, as budgets: the page's HTML as the app sends it, and each
/// asset it references at the size the build's static asset manifest serves it (gzip; a publish adds
/// brotli, smaller still), so the figures are an upper bound of the published page and cost no publish
/// in CI. Bytes are stable, unlike times.
/// </summary>
public sealed partial class PageWeightBudgetTests(CheckoutApp app) : IClassFixture<CheckoutApp>
{
    private const int KiB = 1024;

    /// <summary>First visit: the page and every stylesheet, script and icon it references.</summary>
    private const int FirstLoadBudget = 250 * KiB;

    /// <summary>Repeat visit: the assets are cached (immutable), only the page's HTML comes again.</summary>
    private const int RepeatLoadBudget = 40 * KiB;

    [Fact]
    public async Task Checkout_page_and_everything_it_references_are_served_compressed_within_the_first_load_budget()
    {
        using var http = CompressedClient();
        var (html, pageBytes) = await FetchPageAsync(http);
        var assets = AssetUrls(html);
        Assert.Contains(assets, url => url.Contains("MudBlazor.min", StringComparison.Ordinal) && url.EndsWith(".css", StringComparison.Ordinal));
        Assert.Contains(assets, url => url.Contains("blazor.web", StringComparison.Ordinal));
        var endpoints = StaticAssetEndpoints();

        var total = (long)pageBytes;
        var sizes = new List<string> { $"/checkout: {pageBytes:N0}" };
        foreach (var url in assets)
        {
            var route = endpoints.Where(e => e.Route == url.TrimStart('/')).ToList();
            Assert.True(route.Count > 0, $"{url} is not a static asset route of the build.");
            // Fingerprinted URLs are cached for good: that is what makes the repeat visit light.
            Assert.All(route, e => Assert.Contains("immutable", e.CacheControl, StringComparison.Ordinal));
            var compressed = route.Where(e => e.ContentEncoding is not null).ToList();
            if (!url.EndsWith(".png", StringComparison.Ordinal))
            {
                // A text asset sent raw is what made MudBlazor's 613 KiB stylesheet the page's bulk.
                Assert.True(compressed.Count > 0, $"{url} has no compressed variant: it is served raw ({route[0].Length:N0} bytes).");
            }
            var served = (compressed.Count > 0 ? compressed : route).Min(e => e.Length);
            total += served;
            sizes.Add($"{url}: {served:N0}");
        }

        Assert.True(total <= FirstLoadBudget, $"/checkout first load is {total:N0} bytes, over the {FirstLoadBudget:N0} budget:\n{string.Join("\n", sizes)}");
    }

    [Fact]
    public async Task Checkout_page_html_is_served_compressed_within_the_repeat_load_budget()
    {
        using var http = CompressedClient();

        var (_, pageBytes) = await FetchPageAsync(http);

        // The SignalR negotiate and initializers add about 1.5 KiB to a repeat visit.
        Assert.True(pageBytes <= RepeatLoadBudget - 2 * KiB, $"/checkout HTML is {pageBytes:N0} bytes as served.");
    }

    private HttpClient CompressedClient()
    {
        // The factory's client does not decompress: what the test reads is what travelled.
        var http = app.CreateClient();
        http.DefaultRequestHeaders.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        http.DefaultRequestHeaders.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        return http;
    }

    private static async Task<(string Html, int Bytes)> FetchPageAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/checkout");
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsByteArrayAsync();
        // Read the markup the same way a browser would, to find what it references.
        using var decompress = new HttpClient(new HttpClientHandler { AutomaticDecompression = System.Net.DecompressionMethods.All })
        {
            BaseAddress = http.BaseAddress,
        };
        var html = await decompress.GetStringAsync("/checkout");
        return (html, body.Length);
    }

    /// <summary>
    /// The endpoints MapStaticAssets serves, from the build's manifest: in Development the server
    /// re-encodes changed files on the fly, so what it sends there is not what a deployment sends.
    /// </summary>
    private static List<(string Route, string? ContentEncoding, long Length, string CacheControl)> StaticAssetEndpoints()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "PortOne.Checkout.staticwebassets.endpoints.json")));
        return [.. manifest.RootElement.GetProperty("Endpoints").EnumerateArray().Select(endpoint =>
        {
            var headers = endpoint.GetProperty("ResponseHeaders").EnumerateArray()
                .ToDictionary(h => h.GetProperty("Name").GetString()!, h => h.GetProperty("Value").GetString()!);
            var encoding = endpoint.GetProperty("Selectors").EnumerateArray()
                .Where(selector => selector.GetProperty("Name").GetString() == "Content-Encoding")
                .Select(selector => selector.GetProperty("Value").GetString()).FirstOrDefault();
            return (endpoint.GetProperty("Route").GetString()!, encoding,
                long.Parse(headers["Content-Length"], CultureInfo.InvariantCulture), headers.GetValueOrDefault("Cache-Control", ""));
        })];
    }

    private static List<string> AssetUrls(string html) =>
        [.. AssetReference().Matches(html).Select(match => "/" + match.Groups["url"].Value.TrimStart('/')).Distinct()];

    [GeneratedRegex(@"(?:href|src)=""(?<url>[^""]+\.(?:css|js|png))""")]
    private static partial Regex AssetReference();
}
