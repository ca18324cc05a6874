using Microsoft.Extensions.Options;
using PortOne.Checkout.Features.Payments;

namespace PortOne.Checkout.Features.Subscriptions;

public static class SubscriptionsModule
{
    public static IServiceCollection AddSubscriptions(this IServiceCollection services)
    {
        services.AddOptions<SubscriptionOptions>()
            .BindConfiguration(SubscriptionOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SubscriptionOptions>, SubscriptionOptionsValidator>();
        services.AddSingleton<SubscriptionStore>();
        services.AddSingleton<SubscriptionLocks>();
        services.AddTransient<SubscriptionBilling>();
        services.AddTransient<BillingKeyDeletions>();
        services.AddTransient<SubscribeService>();
        services.AddScoped<CardWindow>();
        services.AddSingleton<IPaymentObserver, SubscriptionChargeObserver>();
        services.AddSingleton<SubscriptionUpkeep>();
        services.AddHostedService(provider => provider.GetRequiredService<SubscriptionUpkeep>());
        return services;
    }
}
