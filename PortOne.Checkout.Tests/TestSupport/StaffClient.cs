using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using PortOne.Checkout.Features.Admin;

namespace PortOne.Checkout.Tests.TestSupport;

/// <summary>
/// A staff member's browser without the browser: its own cookies, no automatic redirects, and forms
/// posted the way a browser posts them (every field the page rendered, antiforgery token included,
/// with the test's values on top).
/// </summary>
public sealed class StaffClient : IDisposable
{
    private readonly HttpClientHandler _handler;

    public StaffClient(Uri baseUri)
    {
        _handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        Http = new HttpClient(_handler) { BaseAddress = baseUri };
    }

    public HttpClient Http { get; }

    public CookieContainer Cookies => _handler.CookieContainer;

    /// <summary>Signs in through the sign-in form; the answer is the form post's (302 on success).</summary>
    public Task<HttpResponseMessage> SignInAsync(string userName, string password) =>
        SubmitAsync("/admin/login", "admin-login", new() { ["Input.UserName"] = userName, ["Input.Password"] = password });

    /// <summary>Signs in and fails the test unless it worked.</summary>
    public async Task<StaffClient> SignedInAsync(string userName, string password)
    {
        using var response = await SignInAsync(userName, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return this;
    }

    public async Task<IHtmlDocument> PageAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {response.Headers.Location}");
        return await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// GETs <paramref name="path"/>, fills the form named <paramref name="formName"/> (Blazor's <c>_handler</c>) and posts it back,
    /// URL-encoded as browsers do, or as <c>multipart/form-data</c> (what a form with that enctype, or a script, may send).
    /// </summary>
    public async Task<HttpResponseMessage> SubmitAsync(string path, string formName, Dictionary<string, string> values, bool multipart = false)
    {
        var page = await PageAsync(path);
        var form = page.Forms.SingleOrDefault(f => f.QuerySelector($"input[name=_handler][value='{formName}']") is not null)
            ?? throw new InvalidOperationException($"{path} shows no form {formName}");
        var fields = new Dictionary<string, string>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement { Name: { Length: > 0 } name } input when input.Type is not ("checkbox" or "radio") || input.IsChecked:
                    fields[name] = input.Value;
                    break;
                case IHtmlSelectElement { Name: { Length: > 0 } name } select:
                    fields[name] = select.Value ?? "";
                    break;
                case IHtmlTextAreaElement { Name: { Length: > 0 } name } text:
                    fields[name] = text.Value;
                    break;
            }
        }
        foreach (var (name, value) in values)
        {
            fields[name] = value;
        }
        if (!multipart)
        {
            return await PostAsync(path, fields);
        }
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }
        return await Http.PostAsync(path, content);
    }

    public Task<HttpResponseMessage> PostAsync(string path, Dictionary<string, string> fields) =>
        Http.PostAsync(path, new FormUrlEncodedContent(fields));

    /// <summary>An antiforgery token issued to this client, read from any form on <paramref name="path"/>.</summary>
    public async Task<string> TokenAsync(string path) =>
        (await PageAsync(path)).QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
        ?? throw new InvalidOperationException($"{path} shows no antiforgery token");

    public void Dispose()
    {
        Http.Dispose();
        _handler.Dispose();
    }
}

/// <summary>The app with generous sign-in limits, for tests that sign in many times from one address, and helpers to make staff.</summary>
public class StaffApp : CheckoutApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Admin:SignInLimits:Attempts"] = "1000",
        ["Admin:SignInLimits:LongAttempts"] = "1000",
    };

    /// <summary>Adds an account with a fresh name and returns the name; the password is <see cref="StaffPassword"/>.</summary>
    public async Task<string> AddStaffAsync(string role)
    {
        var userName = $"{role}-{Guid.NewGuid():N}"[..20];
        Assert.NotNull(await Get<StaffStore>().AddAsync(userName, StaffPassword, role));
        return userName;
    }

    public const string StaffPassword = "staff-password-1";

    /// <summary>A new account in <paramref name="role"/>, signed in.</summary>
    public async Task<StaffClient> SignedInAsync(string role) =>
        await new StaffClient(BaseUri).SignedInAsync(await AddStaffAsync(role), StaffPassword);

    /// <summary>The configured first owner, signed in.</summary>
    public Task<StaffClient> FirstOwnerAsync() => new StaffClient(BaseUri).SignedInAsync("admin", AdminPassword);
}
