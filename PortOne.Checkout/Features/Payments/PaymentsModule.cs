using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using PortOne.Checkout.Hosting;

namespace PortOne.Checkout.Features.Payments;

public static class PaymentsModule
{
    public static IServiceCollection AddPayments(this IServiceCollection services)
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
        services.AddSingleton<SyncRounds>();
        services.AddSingleton<PaymentMetrics>();
        services.AddTransient<PaymentSync>();
        services.AddSingleton<Reconciliation>();
        services.AddHostedService(provider => provider.GetRequiredService<Reconciliation>());

        services.AddHttpClient<PortOneClient>()
            // Every webhook costs a PortOne call: the factory's per-request log scopes are measurable
            // overhead there, and PortOneApiException already says what failed.
            .RemoveAllLoggers()
            .AddResilienceHandler("portone", pipeline =>
            {
                // A repeated POST could refund or charge twice; only lookups are retried. A webhook
                // waits for these retries, and PortOne gives it 30 s, a shopper's redirect less.
                var retry = new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 2,
                    Delay = TimeSpan.FromMilliseconds(200),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                };
                retry.DisableForUnsafeHttpMethods();
                pipeline.AddRetry(retry);
                // Short: while it is open every webhook answers 503 and waits for PortOne's re-send,
                // so a recovered API must not look dead for long.
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    SamplingDuration = TimeSpan.FromSeconds(30),
                    BreakDuration = TimeSpan.FromSeconds(3),
                });
                pipeline.AddTimeout(TimeSpan.FromSeconds(10));
            });
        return services;
    }

    public static WebApplication MapPayments(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1/payments").DisableAntiforgery();
        // Each notice costs a PortOne call: strangers are limited, PortOne's own addresses never.
        api.MapPost("/notice", NoticeEndpoint.HandleAsync).RequireRateLimiting(RateLimits.Notices);
        api.MapPost("/confirm", ConfirmEndpoint.HandleAsync);
        return app;
    }
}
