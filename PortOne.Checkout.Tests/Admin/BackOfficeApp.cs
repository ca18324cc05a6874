using Dapper;
using PortOne.Checkout.Database;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Admin;

/// <summary>
/// The app for the back office's tests: reconciliation off (their orders are seeded straight into the
/// database), and staff of any role signed in through the real sign-in form and session cookie.
/// </summary>
public sealed class BackOfficeApp : StaffApp
{
    protected override IReadOnlyDictionary<string, string> Settings =>
        new Dictionary<string, string>(base.Settings) { ["Reconciliation:Enabled"] = "false" };

    /// <summary>A client signed in as a new account with <paramref name="role"/>, or anonymous; it does not follow redirects.</summary>
    public async Task<HttpClient> StaffAsync(string? role) =>
        role is null
            // Over the real port (CreateClient's options do not reach Kestrel's client), so a redirect stays visible.
            ? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = BaseUri }
            : (await SignedInAsync(role)).Http;

    /// <summary>The session cookie of a new account with <paramref name="role"/>, for a browser to carry.</summary>
    public async Task<System.Net.Cookie> SessionCookieAsync(string role)
    {
        var staff = await SignedInAsync(role);
        return staff.Cookies.GetCookies(BaseUri).Single(c => c.Name == "checkout-admin");
    }

    public Task<int> ExecuteAsync(string sql, object? parameters = null) => SqlAsync(Get<Db>(), sql, parameters);

    public static async Task<int> SqlAsync(Db db, string sql, object? parameters = null)
    {
        await using var connection = await db.OpenAsync();
        return await connection.ExecuteAsync(sql, parameters);
    }
}
