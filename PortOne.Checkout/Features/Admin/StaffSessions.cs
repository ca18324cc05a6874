using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

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
        var claimed = context.Principal;
        var sessionId = claimed?.FindFirstValue(StaffClaims.SessionId);
        var staff = sessionId is null ? null
            : await context.HttpContext.RequestServices.GetRequiredService<StaffStore>().FindSessionAsync(sessionId, context.HttpContext.RequestAborted);
        if (staff is null || staff.Id != StaffClaims.StaffId(claimed!) || !claimed!.IsInRole(staff.Role))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
