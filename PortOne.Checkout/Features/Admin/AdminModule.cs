using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace PortOne.Checkout.Features.Admin;

public static class AdminModule
{
    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie =>
            {
                cookie.LoginPath = "/admin/login";
                cookie.LogoutPath = "/admin/logout";
                cookie.Cookie.Name = "checkout-admin";
                cookie.Cookie.HttpOnly = true;
                // Lax survives the top-level GET back from a PG window; Strict would log staff out.
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
                cookie.SlidingExpiration = true;
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicies.Read, policy => policy.RequireRole(StaffRoles.Owner, StaffRoles.Staff, StaffRoles.Viewer))
            .AddPolicy(AdminPolicies.Act, policy => policy.RequireRole(StaffRoles.Owner, StaffRoles.Staff))
            .AddPolicy(AdminPolicies.Own, policy => policy.RequireRole(StaffRoles.Owner));
        services.AddCascadingAuthenticationState();
        services.AddTransient<StaffActions>();
        services.AddBackOffice();
        return services;
    }

    public static WebApplication MapAdmin(this WebApplication app)
    {
        app.MapPost("/admin/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/admin/login");
        });
        app.MapAdminExports();
        return app;
    }

    public static Task SignInStaffAsync(HttpContext context) =>
        context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "staff"), new Claim(ClaimTypes.Role, StaffRoles.Owner)],
                CookieAuthenticationDefaults.AuthenticationScheme)));
}
