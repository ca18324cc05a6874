using System.Security.Claims;
using System.Text.Encodings.Web;
using Dapper;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PortOne.Checkout.Database;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Admin;

/// <summary>
/// The app with one addition for tests: a request carrying <see cref="RoleHeader"/> (or, from a browser,
/// whose downloads do not carry extra headers, the cookie <see cref="RoleCookie"/>) is signed in as a
/// member of staff with that role, so the back office's tests say who is asking without going through
/// the sign-in page. Without either, everything is as in production (the sign-in cookie).
/// </summary>
public sealed class BackOfficeApp : CheckoutApp
{
    public const string RoleHeader = "X-Test-Staff-Role";
    public const string RoleCookie = "test-staff-role";
    private const string StaffScheme = "test-staff";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Reconciliation:Enabled"] = "false" };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddAuthentication()
                .AddScheme<AuthenticationSchemeOptions, RoleHeaderHandler>(StaffScheme, null)
                .AddPolicyScheme("test-or-cookie", null, options => options.ForwardDefaultSelector = context =>
                    context.Request.Headers.ContainsKey(RoleHeader) || context.Request.Cookies.ContainsKey(RoleCookie) ? StaffScheme : CookieAuthenticationDefaults.AuthenticationScheme);
            services.PostConfigure<AuthenticationOptions>(options => options.DefaultScheme = "test-or-cookie");
        });
    }

    /// <summary>A client signed in with <paramref name="role"/>, or anonymous; it does not follow redirects.</summary>
    public HttpClient Staff(string? role)
    {
        // Over the real port (CreateClient's options do not reach Kestrel's client), so a redirect stays visible.
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = BaseUri };
        if (role is not null)
        {
            client.DefaultRequestHeaders.Add(RoleHeader, role);
        }
        return client;
    }

    public Task<int> ExecuteAsync(string sql, object? parameters = null) => SqlAsync(Get<Db>(), sql, parameters);

    public static async Task<int> SqlAsync(Db db, string sql, object? parameters = null)
    {
        await using var connection = await db.OpenAsync();
        return await connection.ExecuteAsync(sql, parameters);
    }

    private sealed class RoleHeaderHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var role = Request.Headers.TryGetValue(RoleHeader, out var header) ? header.ToString() : Request.Cookies[RoleCookie] ?? "";
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "test-" + role), new Claim(ClaimTypes.Role, role)], StaffScheme);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), StaffScheme)));
        }
    }
}
