using Microsoft.Extensions.Options;

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
        services.AddTransient<RequestPayParameters>();
        services.AddTransient<CheckoutService>();
        return services;
    }
}
