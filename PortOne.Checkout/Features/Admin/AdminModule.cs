using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PortOne.Checkout.Resources;

namespace PortOne.Checkout.Features.Admin;

public static class AdminModule
{
    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie =>
            {
                cookie.LoginPath = "/admin/login";
                cookie.LogoutPath = "/admin/logout";
                cookie.AccessDeniedPath = "/admin/denied";
                cookie.Cookie.Name = "checkout-admin";
                cookie.Cookie.HttpOnly = true;
                // Lax survives the top-level GET back from a PG window; Strict would log staff out.
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                // Idle time; the server-side session also ends StaffStore.SessionLifetime after sign-in.
                cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
                cookie.SlidingExpiration = true;
                cookie.Events.OnValidatePrincipal = StaffSessions.ValidateAsync;
                cookie.Events.OnRedirectToAccessDenied = RefuseAsync;
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicies.Read, policy => policy.RequireRole(StaffRoles.Owner, StaffRoles.Staff, StaffRoles.Viewer))
            .AddPolicy(AdminPolicies.Act, policy => policy.RequireRole(StaffRoles.Owner, StaffRoles.Staff))
            .AddPolicy(AdminPolicies.Own, policy => policy.RequireRole(StaffRoles.Owner))
            .AddPolicy(AdminPolicies.ReadAndActOnPost, policy => policy.RequireAssertion(context =>
                context.Resource is HttpContext http && HttpMethods.IsPost(http.Request.Method)
                    ? context.User.IsInRole(StaffRoles.Owner) || context.User.IsInRole(StaffRoles.Staff)
                    : StaffRoles.All.Any(context.User.IsInRole)));
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, StaffSessionRevalidation>();
        services.AddSingleton<StaffStore>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<SignInThrottle>();
        services.AddHostedService<FirstOwner>();
        services.AddTransient<StaffActions>();
        services.AddBackOffice();
        return services;
    }

    public static WebApplication MapAdmin(this WebApplication app)
    {
        app.MapPost("/admin/logout", async (HttpContext context, IAntiforgery antiforgery, AuditTrail audit, IStringLocalizer<Strings> l) =>
        {
            if (context.User.Identity?.IsAuthenticated != true)
            {
                return Results.LocalRedirect("/admin/login");
            }
            // A cross-site form could otherwise sign staff out; the sign-out forms carry the token.
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.Content(l["AdminSignOutRefused"], "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
            }
            await audit.RecordAsync(context.User, AuditActions.SignOut, context.User.Identity.Name, AuditResults.Done, cancellationToken: context.RequestAborted);
            await StaffSessions.SignOutAsync(context);
            return Results.LocalRedirect("/admin/login");
        });
        app.MapAdminExports();
        return app;
    }

    // A person opening a page they may not see gets the denied page; a form post their role does not
    // allow gets 403 itself, with a body so the status-code pages leave it alone.
    private static Task RefuseAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        }
        var l = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<Strings>>();
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(l["AdminDenied"], context.HttpContext.RequestAborted);
    }
}

/// <summary>Creates or resets the configured first owner before the app takes requests (the database is migrated by then).</summary>
internal sealed class FirstOwner(StaffStore staff, IOptions<AdminOptions> options) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => staff.EnsureOwnerAsync(options.Value.UserName.Trim(), options.Value, cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
