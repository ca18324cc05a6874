using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace PortOne.Checkout.Hosting;

/// <summary>
/// The absolute base address PortOne and browsers reach this app at: <c>Checkout:PublicBaseUrl</c>
/// when set (behind a proxy it must be), otherwise the first address Kestrel bound, which is only
/// known once the server has started (tests bind port 0).
/// </summary>
public static class PublicUrlsModule
{
    /// <summary>Registers <see cref="PublicUrls"/>: Checkout builds return addresses with it, Payments the sandbox's.</summary>
    public static IServiceCollection AddPublicUrls(this IServiceCollection services) => services.AddSingleton<PublicUrls>();
}

public sealed class PublicUrls(IConfiguration configuration, IServer? server = null)
{
    private Uri? _base;

    public Uri Base => _base ??= Resolve();

    public string Absolute(string path) => new Uri(Base, path.TrimStart('/')).ToString();

    private Uri Resolve()
    {
        var configured = configuration["Checkout:PublicBaseUrl"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return WithTrailingSlash(new Uri(configured, UriKind.Absolute));
        }
        var address = server?.Features.Get<IServerAddressesFeature>()?.Addresses
            .OrderBy(a => a.StartsWith("https", StringComparison.OrdinalIgnoreCase) ? 1 : 0)
            .FirstOrDefault()
            ?? throw new InvalidOperationException("Set Checkout:PublicBaseUrl: the server has no bound address yet.");
        // Wildcard bindings are not addresses anyone can call back to.
        var normalised = address.Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
            .Replace("://[::]", "://localhost", StringComparison.Ordinal);
        return WithTrailingSlash(new Uri(normalised, UriKind.Absolute));
    }

    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
