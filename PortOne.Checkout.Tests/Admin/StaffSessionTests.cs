using System.Net;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using PortOne.Checkout.Features.Admin;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Admin;

/// <summary>Sessions live on the server: ending one (logout, or an owner's change to the account) ends every copy of its cookie.</summary>
public class StaffSessionTests(StaffApp app) : IClassFixture<StaffApp>
{
    private const string CookieName = "checkout-admin";

    private StaffClient WithCookieOf(StaffClient original)
    {
        var copy = new StaffClient(app.BaseUri);
        copy.Cookies.Add(app.BaseUri, new Cookie(CookieName, original.Cookies.GetCookies(app.BaseUri)[CookieName]!.Value));
        return copy;
    }

    private static async Task<HttpStatusCode> OrdersAsync(StaffClient client)
    {
        using var response = await client.Http.GetAsync("/admin/orders");
        return response.StatusCode;
    }

    [Fact]
    public async Task After_logout_a_cookie_copied_before_it_no_longer_opens_the_orders()
    {
        using var staff = await app.SignedInAsync(StaffRoles.Staff);
        using var copy = WithCookieOf(staff);
        Assert.Equal(HttpStatusCode.OK, await OrdersAsync(copy));

        using var logout = await staff.PostAsync("/admin/logout", new() { ["__RequestVerificationToken"] = await staff.TokenAsync("/admin/orders") });

        Assert.Equal((HttpStatusCode.Redirect, "/admin/login"), (logout.StatusCode, logout.Headers.Location?.OriginalString));
        using var refused = await copy.Http.GetAsync("/admin/orders");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/admin/login", refused.Headers.Location!.PathAndQuery(app.BaseUri), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_logout_post_without_the_antiforgery_token_is_refused_and_the_session_lives()
    {
        using var staff = await app.SignedInAsync(StaffRoles.Staff);

        using var logout = await staff.PostAsync("/admin/logout", []);

        Assert.Equal(HttpStatusCode.BadRequest, logout.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await OrdersAsync(staff));
    }

    [Theory]
    [InlineData("state")]
    [InlineData("role")]
    [InlineData("password")]
    public async Task An_owners_change_to_an_account_signs_it_out_everywhere(string formName)
    {
        var userName = await app.AddStaffAsync(StaffRoles.Staff);
        using var staff = await new StaffClient(app.BaseUri).SignedInAsync(userName, StaffApp.StaffPassword);
        using var otherBrowser = await new StaffClient(app.BaseUri).SignedInAsync(userName, StaffApp.StaffPassword);
        using var owner = await app.SignedInAsync(StaffRoles.Owner);
        var id = (await app.Get<StaffStore>().ListAsync()).Single(s => s.UserName == userName).Id;

        using var change = await owner.SubmitAsync("/admin/staff", $"{formName}-{id}", new() { ["Role"] = StaffRoles.Viewer, ["NewPassword"] = "a-new-password-1" });

        Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect), (await OrdersAsync(staff), await OrdersAsync(otherBrowser)));
        var entry = (await app.Get<AuditTrail>().ForTargetAsync(userName))[^1];
        Assert.Equal(AuditResults.Done, entry.Result);
        Assert.StartsWith("owner", entry.Actor, StringComparison.Ordinal);
    }

    [Fact]
    public void Interactive_circuits_recheck_the_session_too()
    {
        using var scope = app.Services.CreateScope();

        Assert.IsType<StaffSessionRevalidation>(scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>());
    }

    [Fact]
    public async Task A_disabled_account_cannot_sign_in()
    {
        var userName = await app.AddStaffAsync(StaffRoles.Staff);
        var store = app.Get<StaffStore>();
        Assert.True(await store.DisableAsync((await store.ListAsync()).Single(s => s.UserName == userName).Id));

        using var client = new StaffClient(app.BaseUri);
        using var response = await client.SignInAsync(userName, StaffApp.StaffPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, await OrdersAsync(client));
    }

    [Fact]
    public async Task An_owner_adds_a_viewer_who_then_signs_in_with_that_role()
    {
        using var owner = await app.FirstOwnerAsync();
        var userName = $"viewer-{Guid.NewGuid():N}"[..16];

        using var added = await owner.SubmitAsync("/admin/staff", "staff-add", new()
        {
            ["NewStaff.UserName"] = userName, ["NewStaff.Password"] = "viewer-password-1", ["NewStaff.Role"] = StaffRoles.Viewer,
        });

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var member = (await app.Get<StaffStore>().ListAsync()).Single(s => s.UserName == userName);
        Assert.Equal(StaffRoles.Viewer, member.Role);
        using var viewer = await new StaffClient(app.BaseUri).SignedInAsync(userName, "viewer-password-1");
        Assert.Equal(HttpStatusCode.OK, await OrdersAsync(viewer));
    }

    [Fact]
    public async Task Sign_ins_are_on_the_audit_trail_with_failures()
    {
        var userName = await app.AddStaffAsync(StaffRoles.Viewer);
        using var client = new StaffClient(app.BaseUri);

        using var wrong = await client.SignInAsync(userName, "wrong-password");
        using var right = await client.SignInAsync(userName, StaffApp.StaffPassword);

        var entries = await app.Get<AuditTrail>().ForTargetAsync(userName);
        Assert.Equal([(AuditActions.SignIn, AuditResults.Failed), (AuditActions.SignIn, AuditResults.Done)], entries.Select(e => (e.Action, e.Result)));
    }
}

internal static class UriExtensions
{
    /// <summary>A redirect's target as a path, whether the server sent it relative or absolute.</summary>
    public static string PathAndQuery(this Uri location, Uri baseUri) => (location.IsAbsoluteUri ? location : new Uri(baseUri, location)).PathAndQuery;
}
