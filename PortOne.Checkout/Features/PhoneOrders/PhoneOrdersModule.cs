namespace PortOne.Checkout.Features.PhoneOrders;

public static class PhoneOrdersModule
{
    public static IServiceCollection AddPhoneOrders(this IServiceCollection services) =>
        services.AddTransient<PhoneOrderService>().AddSingleton<SavedCardStore>();
}
