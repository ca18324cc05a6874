namespace PortOne.Checkout.Features.Orders;

public static class OrdersModule
{
    public static IServiceCollection AddOrders(this IServiceCollection services) =>
        services.AddSingleton<OrderStore>().AddTransient<OrderLookup>();
}
