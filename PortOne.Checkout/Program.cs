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

if (args is ["hash-password", var password])
{
    Console.WriteLine(AdminOptions.Hash(password));
    return;
}

var builder = WebApplication.CreateBuilder(args);

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

var app = builder.Build();

await app.MigrateDatabaseAsync();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}
app.UseCulture();
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapHealthChecks("/healthz");
app.MapPayments();
app.MapAdmin();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Lifetime.ApplicationStarted.Register(() =>
    app.Logger.LogInformation("PortOne Checkout ({Mode} mode) is ready at {Urls}",
        app.Services.GetRequiredService<PortOneConnection>().IsSandbox ? "Sandbox" : "Live", string.Join(", ", app.Urls)));

app.Run();
