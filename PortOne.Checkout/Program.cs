using MudBlazor.Services;
using PortOne.Checkout.Components;
using PortOne.Checkout.Database;
using PortOne.Checkout.Features.Admin;
using PortOne.Checkout.Features.Catalog;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Features.PhoneOrders;
using PortOne.Checkout.Features.Subscriptions;
using PortOne.Checkout.Hosting;

if (args is ["hash-password", var password])
{
    Console.WriteLine(AdminOptions.Hash(password));
    return;
}

// `dotnet run` takes Development from the launch profile's DOTNET_ENVIRONMENT, a default that the
// framework would rank above ASPNETCORE_ENVIRONMENT: an operator who names an environment
// (ASPNETCORE_ENVIRONMENT=Production) gets that one, however the app was started.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    EnvironmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") is { Length: > 0 } named ? named : null,
});

builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddHealthChecks();

builder.Services.AddDatabase(builder.Configuration, builder.Environment);
builder.Services.AddCatalog();
builder.Services.AddOrders();
builder.Services.AddPayments(builder.Configuration);
builder.Services.AddCheckout();
builder.Services.AddSubscriptions();
builder.Services.AddPhoneOrders();
builder.Services.AddAdmin();
builder.Services.AddReverseProxy(builder.Configuration);
builder.Services.AddSecurityHeaders(builder.Configuration, builder.Environment);
builder.Services.AddRateLimits();
builder.Services.AddPageCompression();

var app = builder.Build();

await app.MigrateDatabaseAsync();

app.UseReverseProxy();
app.UsePageCompression();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}
app.UseSecurityHeaders();
app.UseCulture();
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapHealthChecks("/healthz");
app.MapPayments();
app.MapAdmin();
// Our Content-Security-Policy (SecurityHeaders) carries frame-ancestors with the rest; one policy, not two.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);

app.Lifetime.ApplicationStarted.Register(() =>
    app.Logger.LogInformation("PortOne Checkout ({Mode} mode) is ready at {Urls}",
        app.Services.GetRequiredService<PortOneConnection>().IsSandbox ? "Sandbox" : "Live", string.Join(", ", app.Urls)));

app.Run();
