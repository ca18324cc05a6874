using MudBlazor.Services;
using PortOne.Checkout.Components;
using PortOne.Checkout.Database;
using PortOne.Checkout.Features.Admin;
using PortOne.Checkout.Features.Catalog;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Features.Customers;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Features.PhoneOrders;
using PortOne.Checkout.Features.Subscriptions;
using PortOne.Checkout.Features.Receipts;
using PortOne.Checkout.Hosting;
using PortOne.Sandbox;

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

builder.Services.AddRazorComponents().AddInteractiveServerComponents(options =>
{
    // Circuits run the checkout's form (about 270 KB of live heap each) and the subscription pages. One
    // whose connection dropped (a phone's tab in the background, a train tunnel) is kept this long, so the
    // shopper's cart and typed details come back on reconnect. The payment window does not need it: a
    // phone leaves the checkout for the window by navigating, which ends the circuit, and comes back to
    // /payments/result as a new page; a desktop keeps the window in an iframe on a live connection.
    options.DisconnectedCircuitRetentionPeriod = TimeSpan.FromMinutes(3);
    // At most this many dropped circuits are kept (the oldest go first): a burst of abandoned phones
    // costs at most about 27 MB, whatever the traffic.
    options.DisconnectedCircuitMaxRetained = 100;
});
builder.Services.AddMudServices();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddHealth();
builder.Services.AddTelemetry(builder.Configuration);
builder.Services.AddLocalization();
builder.Services.AddPublicUrls();

builder.Services.AddDatabase(builder.Configuration, builder.Environment);
// Several instances may share the database: background jobs run on one at a time.
builder.Services.AddJobLeases();
// ...and the keys behind staff cookies and antiforgery tokens, so any instance reads what another issued.
builder.Services.AddSharedDataProtection();
builder.Services.AddCatalog();
builder.Services.AddOrders();
builder.Services.AddPayments();
// Sandbox mode emulates PortOne's API and payment window inside this app, under /sandbox.
var sandbox = PortOneOptions.IsSandbox(builder.Configuration);
if (sandbox)
{
    builder.Services.AddPortOneSandbox(builder.Configuration);
}
builder.Services.AddCheckout();
builder.Services.AddSubscriptions();
builder.Services.AddPhoneOrders();
builder.Services.AddAdmin();
builder.Services.AddCustomers();
builder.Services.AddReceipts();
builder.Services.AddProxyForwardedHeaders(builder.Configuration);
builder.Services.AddSecurityHeaders(builder.Configuration, builder.Environment);
builder.Services.AddRateLimits();
builder.Services.AddPageCompression();

var app = builder.Build();

await app.MigrateDatabaseAsync();
app.LoadDataProtectionKeys();

app.UseProxyForwardedHeaders();
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
app.MapHealth();
app.MapCulture();
app.MapPayments();
if (sandbox)
{
    app.MapPortOneSandbox();
}
app.MapAdmin();
// Our Content-Security-Policy (SecurityHeaders) carries frame-ancestors with the rest; one policy, not two.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);

app.LogWhenReady();

app.Run();
