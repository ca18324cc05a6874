namespace PortOne.Checkout.Features.Admin;

/// <summary>The back office's orders list, export and dashboard (the sign-in and staff live in <see cref="AdminModule"/>).</summary>
public static class BackOfficeModule
{
    public static IServiceCollection AddBackOffice(this IServiceCollection services)
    {
        services.AddSingleton<OrderSearch>();
        services.AddSingleton<SalesDashboard>();
        return services;
    }
}
