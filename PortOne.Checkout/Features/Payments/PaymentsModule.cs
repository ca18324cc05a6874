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

        services.AddOptions<NoticeOptions>().BindConfiguration(NoticeOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NoticeOptions>, NoticeOptionsValidator>();
        services.AddOptions<ReconciliationOptions>()
            .BindConfiguration(ReconciliationOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton<PortOneConnection>();
        services.AddSingleton<PortOneTokenCache>();
        services.AddSingleton<OrderLocks>();
        services.AddTransient<PaymentSync>();
        services.AddSingleton<Reconciliation>();
        services.AddHostedService(provider => provider.GetRequiredService<Reconciliation>());

        services.AddHttpClient<PortOneClient>()
            .AddStandardResilienceHandler(resilience =>
            {
                // A repeated POST could refund or charge twice; only lookups are retried.
                resilience.Retry.DisableForUnsafeHttpMethods();
                resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(10);
                resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(30);
                resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(30);
                // Short: while it is open every webhook answers 503 and waits for PortOne's re-send,
                // so a recovered API must not look dead for long.
                resilience.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(3);
                // A webhook waits for these retries; PortOne gives it 30 s, a shopper's redirect less.
                resilience.Retry.MaxRetryAttempts = 2;
                resilience.Retry.Delay = TimeSpan.FromMilliseconds(200);
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
