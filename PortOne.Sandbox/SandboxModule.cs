using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using PortOne.Sandbox.Api;
using PortOne.Sandbox.Control;
using PortOne.Sandbox.Store;
using PortOne.Sandbox.Webhooks;
using PortOne.Sandbox.Window;

namespace PortOne.Sandbox;

/// <summary>Registers and maps the local PortOne V1 emulator.</summary>
public static class SandboxModule
{
    public const string PathPrefix = "/sandbox";

    /// <summary>Registers the sandbox's state and options (section <c>PortOne:Sandbox</c>; ApiKey and ApiSecret are required).</summary>
    public static IServiceCollection AddPortOneSandbox(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SandboxOptions>()
            .Bind(configuration.GetSection(SandboxOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => ReturnOrigins.AreValid(o.AppOrigins), "PortOne:Sandbox:AppOrigins must be absolute http(s) URLs.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(WebhookSender.HttpClientName);
        services.AddSingleton<PaymentStore>();
        services.AddSingleton<TokenStore>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WindowRequests>();
        services.AddSingleton<WindowActions>();
        services.AddSingleton<Faults>();
        services.AddSingleton<SubscriptionStore>();
        services.AddSingleton<ReceiptStore>();
        services.AddSingleton<FixedAccounts>();
        services.AddSingleton<CardPayments>();
        services.AddSingleton<ScheduleRunner>();
        services.AddHostedService<ScheduleClock>();
        return services;
    }

    /// <summary>Maps PortOne's REST API under /sandbox/api, iamport.js, the payment window and (outside Production) test controls.</summary>
    public static IEndpointRouteBuilder MapPortOneSandbox(this IEndpointRouteBuilder endpoints)
    {
        var sandbox = endpoints.MapGroup(PathPrefix);

        var api = sandbox.MapGroup("/api").AddEndpointFilter(Faults.ApplyAsync);
        TokenApi.Map(api);
        var authorized = api.MapGroup("").AddEndpointFilter(TokenApi.RequireTokenAsync);
        PaymentsApi.Map(authorized);
        PrepareApi.Map(authorized);
        CancelApi.Map(authorized);
        SubscribeApi.Map(authorized);
        ScheduleApi.Map(authorized);
        ReceiptsApi.Map(authorized);
        VbanksApi.Map(authorized);
        CodesApi.Map(authorized);

        WindowApi.Map(sandbox);
        // The control API resets state and fakes deposits without a token: in Production (a demo on a public
        // address) anyone could use it, so it exists only in other environments.
        if (!endpoints.ServiceProvider.GetRequiredService<IHostEnvironment>().IsProduction())
        {
            ControlApi.Map(sandbox);
        }
        return endpoints;
    }
}
