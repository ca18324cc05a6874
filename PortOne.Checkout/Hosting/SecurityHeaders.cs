using System.Security.Cryptography;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using PortOne.Checkout.Features.Payments;

namespace PortOne.Checkout.Hosting;

/// <summary>The <c>Security</c> section.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// Live mode only: where PortOne's window runs. iamport.js opens its window as an iframe (PC) from
    /// PortOne's service host, which then loads the PG's pages, or, on phones, submits a form that takes
    /// the whole page to the PG. PortOne publishes no list of these hosts; these are PortOne's and
    /// TossPayments' domains. Check a live test payment's browser console once after deploying, and add
    /// any host a card company's step needs here.
    /// </summary>
    public string[] PaymentWindowHosts { get; set; } =
        ["https://service.iamport.kr", "https://*.iamport.kr", "https://*.tosspayments.com", "https://*.toss.im"];

    /// <summary>Send the policy as <c>Content-Security-Policy-Report-Only</c>: for a first live rollout.</summary>
    public bool ContentSecurityPolicyReportOnly { get; set; }
}

/// <summary>
/// Response headers every page carries, and in Production HSTS, HTTPS redirection and Secure cookies.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "csp-nonce";

    /// <summary>The per-response nonce that lets the framework's inline import map run.</summary>
    public static string Nonce(HttpContext context) => context.Items[NonceKey] as string ?? "";

    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section);
        if (environment.IsDevelopment())
        {
            return services;
        }
        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = false;
        });
        // Behind a proxy the HTTPS port is the public one, not one Kestrel knows about.
        if (Uri.TryCreate(configuration["Checkout:PublicBaseUrl"], UriKind.Absolute, out var publicBase) && publicBase.Scheme == Uri.UriSchemeHttps)
        {
            services.AddHttpsRedirection(options => options.HttpsPort = publicBase.Port);
        }
        // Cookies that carry a sign-in or a form token never travel over plain HTTP in Production.
        services.Configure<AntiforgeryOptions>(options => options.Cookie.SecurePolicy = CookieSecurePolicy.Always);
        services.PostConfigure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme,
            options => options.Cookie.SecurePolicy = CookieSecurePolicy.Always);
        return services;
    }

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        var connection = app.Services.GetRequiredService<PortOneConnection>();
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityOptions>>().Value;
        var header = options.ContentSecurityPolicyReportOnly ? "Content-Security-Policy-Report-Only" : "Content-Security-Policy";
        app.Use((context, next) =>
        {
            var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceKey] = nonce;
            var headers = context.Response.Headers;
            headers[header] = ContentSecurityPolicy(connection, options, nonce);
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "SAMEORIGIN";
            // Order links carry their key in the query: another site (a PG, a card company) sees our origin only.
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            return next(context);
        });
        return app;
    }

    /// <summary>
    /// Blazor Server needs its scripts from here, its circuit's WebSocket back to here ('self' covers
    /// ws/wss to the same host) and a nonce for the import map it writes inline; MudBlazor sets styles
    /// inline (its theme is a style element, its components use style attributes), so styles allow
    /// 'unsafe-inline', which cannot run code. In Sandbox mode PortOne is this app. In Live mode the SDK
    /// comes from PortOne:SdkUrl's host and the window from <see cref="SecurityOptions.PaymentWindowHosts"/>.
    /// </summary>
    internal static string ContentSecurityPolicy(PortOneConnection connection, SecurityOptions options, string nonce)
    {
        var sdk = "";
        var window = "";
        if (!connection.IsSandbox)
        {
            sdk = Uri.TryCreate(connection.SdkUrl, UriKind.Absolute, out var sdkUrl) ? " " + sdkUrl.GetLeftPart(UriPartial.Authority) : "";
            window = " " + string.Join(' ', options.PaymentWindowHosts);
        }
        return string.Join("; ",
            "default-src 'self'",
            $"script-src 'self' 'nonce-{nonce}'{sdk}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            $"connect-src 'self'{sdk}{window}",
            $"frame-src 'self'{window}",
            $"form-action 'self'{window}",
            "frame-ancestors 'self'",
            "base-uri 'self'",
            "object-src 'none'");
    }
}
