using Microsoft.AspNetCore.Http;

namespace PortOne.Sandbox.Window;

/// <summary>
/// The sandbox serves one app, so its window returns (m_redirect_url) only within that app: the origin the
/// request came to, or an origin listed in <see cref="SandboxOptions.AppOrigins"/> when the sandbox runs as its
/// own host. Returning anywhere else would turn a window link on the merchant's domain into an open redirect.
/// </summary>
internal static class ReturnOrigins
{
    /// <summary>The return URL when it is an absolute http(s) URL on an allowed origin; otherwise null.</summary>
    public static Uri? Allowed(string? url, HttpRequest request, SandboxOptions options)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var target) || !IsWeb(target) || target.UserInfo.Length > 0)
        {
            return null;
        }
        var own = Uri.TryCreate($"{request.Scheme}://{request.Host.Value}", UriKind.Absolute, out var requested) && SameOrigin(target, requested);
        return own || options.AppOrigins.Any(o => Uri.TryCreate(o, UriKind.Absolute, out var app) && SameOrigin(target, app)) ? target : null;
    }

    /// <summary>True when every configured origin is an absolute http(s) URL (checked at start).</summary>
    public static bool AreValid(IEnumerable<string> origins) =>
        origins.All(o => Uri.TryCreate(o, UriKind.Absolute, out var uri) && IsWeb(uri));

    private static bool IsWeb(Uri uri) => uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps;

    private static bool SameOrigin(Uri a, Uri b) =>
        a.Scheme == b.Scheme && a.Port == b.Port && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase);
}
