using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace PortOne.Checkout.Hosting;

/// <summary>
/// Compresses the checkout page's HTML. Static files need none of this (MapStaticAssets serves the
/// .br/.gz copies made at publish); the prerendered checkout is about 66 KB of markup that brotli takes
/// to about 10 KB, the bulk of what a phone downloads on a repeat visit.
/// </summary>
/// <remarks>
/// Only the checkout route, and on HTTPS too: compressing a page over TLS leaks secrets in it when an
/// attacker can also put chosen text in the same response (BREACH). The checkout page renders no
/// antiforgery token, cookie or other long-lived secret, so there is nothing to recover; pages with forms
/// (admin, order lookup) carry antiforgery tokens and stay uncompressed.
/// </remarks>
public static class PageCompression
{
    private static readonly PathString CompressedPage = new("/checkout");

    public static IServiceCollection AddPageCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.MimeTypes = ["text/html"];
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
        });
        // Per request, not at publish: the fastest level keeps the CPU cost per page small.
        services.Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        return services;
    }

    public static IApplicationBuilder UsePageCompression(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.Path.Equals(CompressedPage, StringComparison.OrdinalIgnoreCase),
            branch => branch.UseResponseCompression());
}
