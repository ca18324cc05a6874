using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Resources;

namespace PortOne.Checkout.Hosting;

/// <summary>The <c>RateLimits</c> section: how often one client address may use each door that costs a PortOne call or guards a secret.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Webhooks. PortOne's own addresses are never limited, so only made-up notices are.</summary>
    public WindowLimit Notices { get; set; } = new() { PermitLimit = 60, Window = TimeSpan.FromMinutes(1) };

    /// <summary>The redirect landing; a pending order refreshes it every 3 s, which is 20 a minute.</summary>
    public WindowLimit PaymentResults { get; set; } = new() { PermitLimit = 60, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Guest order lookups (form submissions): each one is a guess at a phone number.</summary>
    public WindowLimit OrderLookups { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(10) };

    public sealed class WindowLimit
    {
        public int PermitLimit { get; set; }

        public TimeSpan Window { get; set; }
    }
}

/// <summary>
/// Per-client rate limits (ASP.NET Core's rate limiter). A refused request is answered 429 with
/// <c>Retry-After</c> and a short message of its own, so the status-code pages (which only fill empty
/// responses) leave it a 429. Other modules add their policies with
/// <c>services.Configure&lt;RateLimiterOptions&gt;</c>; this file registers the limiter once.
/// </summary>
public static class RateLimits
{
    public const string Notices = "notices";
    public const string PaymentResults = "payment-results";
    public const string OrderLookups = "order-lookups";

    public static IServiceCollection AddRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.Section)
            .Validate(o => new[] { o.Notices, o.PaymentResults, o.OrderLookups }.All(l => l.PermitLimit > 0 && l.Window > TimeSpan.Zero),
                "RateLimits: every PermitLimit must be at least 1 and every Window longer than zero.")
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<RateLimitOptions>, IOptions<NoticeOptions>>((limiter, limits, notices) =>
            {
                limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                limiter.OnRejected = RejectAsync;
                // PortOne re-sends a notice until it is answered 200: a storm of genuine re-sends must land.
                var portOne = NoticeOptions.PortOneSourceIps.Concat(notices.Value.SourceIps)
                    .Select(ip => IPAddress.Parse(ip.Trim())).ToHashSet();
                limiter.AddPolicy(Notices, context => IsFrom(context, portOne)
                    ? RateLimitPartition.GetNoLimiter("portone")
                    : PerClient(context, limits.Value.Notices));
                limiter.AddPolicy(PaymentResults, context => PerClient(context, limits.Value.PaymentResults));
                // Reading the form costs nothing; each submission is one guess.
                limiter.AddPolicy(OrderLookups, context => HttpMethods.IsPost(context.Request.Method)
                    ? PerClient(context, limits.Value.OrderLookups)
                    : RateLimitPartition.GetNoLimiter("read"));
            });
        return services;
    }

    private static RateLimitPartition<string> PerClient(HttpContext context, RateLimitOptions.WindowLimit limit) =>
        RateLimitPartition.GetFixedWindowLimiter(ClientKey(context.Connection.RemoteIpAddress), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
            QueueLimit = 0,
        });

    /// <summary>
    /// The client's address (the proxy's forwarded one when <see cref="ProxyForwardedHeaders"/> trusts it). An
    /// IPv6 client owns a whole /64, so it is limited as one.
    /// </summary>
    internal static string ClientKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }
        return address.ToString();
    }

    private static bool IsFrom(HttpContext context, IReadOnlySet<IPAddress> addresses) =>
        context.Connection.RemoteIpAddress is { } remote
        && addresses.Contains(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var message = context.RequestServices.GetRequiredService<IStringLocalizer<Strings>>()["TooManyRequests", seconds].Value;
        if (context.Request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true))
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            var lang = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
            await context.Response.WriteAsync(
                $"<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + $"<title>429</title></head><body><p role=\"alert\">{WebUtility.HtmlEncode(message)}</p><p><a href=\"/\">PortOne Checkout</a></p></body></html>",
                cancellationToken);
            return;
        }
        await context.Response.WriteAsJsonAsync(new { error = message }, cancellationToken);
    }
}
