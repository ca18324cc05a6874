using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace PortOne.Checkout.Hosting;

/// <summary>
/// Behind a reverse proxy that terminates HTTPS, the connection comes from the proxy: only a proxy we
/// trust may say who the client is (rate limits, PortOne's webhook addresses) and that the request was
/// HTTPS (Secure cookies, HSTS, no redirect loop). <c>ReverseProxy:KnownProxies</c> (addresses) and
/// <c>ReverseProxy:KnownNetworks</c> (CIDR) name those proxies; the loopback addresses are trusted by
/// default, for a proxy on the same machine. Anyone else's <c>X-Forwarded-*</c> headers are ignored.
/// </summary>
public static class ReverseProxy
{
    public const string Section = "ReverseProxy";

    public static IServiceCollection AddReverseProxy(this IServiceCollection services, IConfiguration configuration)
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
}
