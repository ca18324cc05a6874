using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace PortOne.Checkout.Hosting;

/// <summary>
/// Behind a reverse proxy that terminates HTTPS, the connection comes from the proxy: only a proxy we
/// trust may say who the client is (rate limits, PortOne's webhook addresses) and that the request was
/// HTTPS (Secure cookies, HSTS, no redirect loop). <c>ReverseProxy:KnownProxies</c> (addresses, e.g.
/// 127.0.0.1 for nginx on the same machine) and <c>ReverseProxy:KnownNetworks</c> (CIDR) name those
/// proxies. Nothing is trusted until the deployment names it: without a proxy, every
/// <c>X-Forwarded-*</c> header is somebody's claim and is ignored. (The section keeps the name operators
/// already set; the proxy itself, <c>PortOne.Checkout.Proxy</c>, is another program.)
/// </summary>
public static class ProxyForwardedHeaders
{
    public const string Section = "ReverseProxy";

    public static IServiceCollection AddProxyForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = configuration.GetSection($"{Section}:KnownProxies").Get<string[]>() ?? [];
        var networks = configuration.GetSection($"{Section}:KnownNetworks").Get<string[]>() ?? [];
        var badProxies = proxies.Where(p => !IPAddress.TryParse(p.Trim(), out _)).ToList();
        var badNetworks = networks.Where(n => !System.Net.IPNetwork.TryParse(n.Trim(), out _)).ToList();
        if (badProxies.Count > 0 || badNetworks.Count > 0)
        {
            throw new InvalidOperationException(
                $"{Section}:KnownProxies must be IP addresses and {Section}:KnownNetworks CIDR ranges; not: {string.Join(", ", badProxies.Concat(badNetworks))}");
        }
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            // The framework would trust loopback by default; here only the proxies named above count.
            // (Never leave both lists empty: the middleware then believes anyone, see UseProxyForwardedHeaders.)
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            // The host stays the one the client asked for; our own addresses come from Checkout:PublicBaseUrl.
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy.Trim()));
            }
            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network.Trim()));
            }
        });
        return services;
    }

    /// <summary>First in the pipeline, so everything after it sees the client's address and scheme; only when a proxy is named.</summary>
    public static WebApplication UseProxyForwardedHeaders(this WebApplication app)
    {
        if (app.Configuration.GetSection($"{Section}:KnownProxies").Get<string[]>() is { Length: > 0 }
            || app.Configuration.GetSection($"{Section}:KnownNetworks").Get<string[]>() is { Length: > 0 })
        {
            app.UseForwardedHeaders();
        }
        return app;
    }
}
