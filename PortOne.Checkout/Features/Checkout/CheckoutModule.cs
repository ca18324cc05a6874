using PortOne.Checkout.Hosting;

namespace PortOne.Checkout.Features.Checkout;

public static class CheckoutModule
{
    public static IServiceCollection AddCheckout(this IServiceCollection services)
    {
        services.AddSingleton<PublicUrls>();
        services.AddTransient<CheckoutService>();
        return services;
    }
}
