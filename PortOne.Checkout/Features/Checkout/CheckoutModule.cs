using Microsoft.Extensions.Options;
using PortOne.Checkout.Hosting;

namespace PortOne.Checkout.Features.Checkout;

public static class CheckoutModule
{
    public static IServiceCollection AddCheckout(this IServiceCollection services)
    {
        services.AddOptions<CheckoutOptions>()
            .BindConfiguration(CheckoutOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<CheckoutOptions>, CheckoutOptionsValidator>();
        services.AddLocalization();
        services.AddSingleton<PublicUrls>();
        services.AddTransient<CheckoutService>();
        return services;
    }
}
