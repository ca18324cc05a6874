using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace PortOne.Checkout.Features.Admin;

/// <summary>What the sign-in cookie carries: the account, its role and the server-side session id.</summary>
public static class StaffClaims
{
    public const string SessionId = "checkout:sid";

    public static long? StaffId(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    public static ClaimsPrincipal For(StaffMember staff, string sessionId) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, staff.Id.ToString(CultureInfo.InvariantCulture)),
        new Claim(ClaimTypes.Name, staff.UserName),
        new Claim(ClaimTypes.Role, staff.Role),
        new Claim(SessionId, sessionId),
    ], CookieAuthenticationDefaults.AuthenticationScheme));
}

/// <summary>
/// Signs staff in and out against the <c>staff_sessions</c> table. A cookie alone is never enough:
/// each request checks that its session still exists, so logging out, disabling an account or
/// changing its password or role ends every copy of its cookies at once.
/// </summary>
public static class StaffSessions
{
    public static async Task SignInAsync(HttpContext context, StaffMember staff)
    {
        var sessionId = await context.RequestServices.GetRequiredService<StaffStore>().StartSessionAsync(staff.Id, context.RequestAborted);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, StaffClaims.For(staff, sessionId));
    }

    public static async Task SignOutAsync(HttpContext context)
    {
        if (context.User.FindFirstValue(StaffClaims.SessionId) is { } sessionId)
        {
            await context.RequestServices.GetRequiredService<StaffStore>().EndSessionAsync(sessionId, context.RequestAborted);
        }
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>The cookie handler's per-request check (<c>OnValidatePrincipal</c>).</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var staff = context.HttpContext.RequestServices.GetRequiredService<StaffStore>();
        if (context.Principal is null || !await IsCurrentAsync(staff, context.Principal, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    /// <summary>True when the principal's session still exists, its account is enabled and still has the role the cookie claims.</summary>
    public static async Task<bool> IsCurrentAsync(StaffStore store, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var sessionId = user.FindFirstValue(StaffClaims.SessionId);
        var staff = sessionId is null ? null : await store.FindSessionAsync(sessionId, cancellationToken);
        return staff is not null && staff.Id == StaffClaims.StaffId(user) && user.IsInRole(staff.Role);
    }
}

/// <summary>
/// The same check for a page that stays open as an interactive circuit, which sends no new requests
/// and so no cookie: every minute, a revoked session turns the circuit's user anonymous.
/// </summary>
internal sealed class StaffSessionRevalidation(ILoggerFactory loggerFactory, StaffStore store) : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        authenticationState.User.Identity?.IsAuthenticated == true
            ? StaffSessions.IsCurrentAsync(store, authenticationState.User, cancellationToken)
            : Task.FromResult(true);
}
