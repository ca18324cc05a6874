using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using PortOne.Sandbox;

namespace PortOne.Checkout.Features.Payments;

public static class PaymentsModule
{
    public static IServiceCollection AddPayments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PortOneOptions>()
            .BindConfiguration(PortOneOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PortOneOptions>, PortOneOptionsValidator>();

        services.AddSingleton<PortOneConnection>();
        services.AddSingleton<PortOneTokenCache>();
        services.AddSingleton<OrderLocks>();
        services.AddTransient<PaymentSync>();

        services.AddHttpClient<PortOneClient>()
            .AddStandardResilienceHandler(resilience =>
            {
                // A repeated POST could refund or charge twice; only lookups are retried.
                resilience.Retry.DisableForUnsafeHttpMethods();
                resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(10);
                resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(30);
                resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(30);
            });

        if (configuration.GetValue<PortOneMode>($"{PortOneOptions.Section}:Mode") == PortOneMode.Sandbox)
        {
            services.AddPortOneSandbox(configuration);
        }
        return services;
    }

    public static WebApplication MapPayments(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1/payments").DisableAntiforgery();
        api.MapPost("/notice", NoticeEndpoint.HandleAsync);
        api.MapPost("/confirm", ConfirmEndpoint.HandleAsync);

        if (app.Services.GetRequiredService<PortOneConnection>().IsSandbox)
        {
            app.MapPortOneSandbox();
        }
        return app;
    }
}
