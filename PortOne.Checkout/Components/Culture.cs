using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace PortOne.Checkout.Components;

/// <summary>
/// Korean by default, English by choice: the choice lives in the culture cookie, never in the
/// browser's Accept-Language, so a shopper sees the language they picked and nothing else.
/// </summary>
public static class Culture
{
    public static readonly IReadOnlyList<string> Supported = ["ko", "en"];

    public static WebApplication UseCulture(this WebApplication app)
    {
        var options = new RequestLocalizationOptions()
            .SetDefaultCulture(Supported[0])
            .AddSupportedCultures([.. Supported])
            .AddSupportedUICultures([.. Supported]);
        options.RequestCultureProviders = [new CookieRequestCultureProvider()];
        app.UseRequestLocalization(options);
        return app;
    }

    /// <summary><c>GET /culture/{name}?redirect=/path</c>: stores the choice in the culture cookie and goes back.</summary>
    public static WebApplication MapCulture(this WebApplication app)
    {
        // A full page load, so the new circuit starts in the chosen culture.
        app.MapGet("/culture/{name}", (string name, string? redirect, HttpContext context) =>
        {
            if (!Supported.Contains(name))
            {
                return Results.BadRequest();
            }
            context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(CultureInfo.GetCultureInfo(name))),
                new CookieOptions
                {
                    MaxAge = TimeSpan.FromDays(365), SameSite = SameSiteMode.Lax, HttpOnly = true, IsEssential = true,
                    // Production is HTTPS only (HSTS); in Development the app is plain HTTP on localhost.
                    Secure = context.Request.IsHttps || !app.Environment.IsDevelopment(),
                });
            return Results.LocalRedirect(IsLocalPath(redirect) ? redirect! : "/");
        });
        return app;
    }

    /// <summary>
    /// Only a path on this site: an open redirect would let anyone bounce shoppers elsewhere. Browsers
    /// drop tabs and newlines from URLs, so "/\t/evil.example" would leave as "//evil.example": control
    /// characters are refused too (LocalRedirect would throw on them).
    /// </summary>
    internal static bool IsLocalPath(string? url) =>
        url is ['/', ..] && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
        && !url.Any(char.IsControl);
}
