namespace PortOne.Checkout.Features.Customers;

public static class CustomersModule
{
    /// <summary>Regular customers and their fixed virtual accounts; the pages live under <c>/admin/customers</c>.</summary>
    public static IServiceCollection AddCustomers(this IServiceCollection services)
    {
        services.AddSingleton<CustomerStore>();
        services.AddSingleton<CustomerLocks>();
        services.AddTransient<FixedAccountDesk>();
        return services;
    }
}

/// <summary>Audit actions of the customers pages; shown through the resource key <c>Audit_{action}</c>.</summary>
public static class CustomerAuditActions
{
    public const string CustomerAdded = "customer-added";
    public const string FixedAccountIssue = "fixed-account-issue";
    public const string FixedAccountClose = "fixed-account-close";

    public static readonly IReadOnlyList<string> All = [CustomerAdded, FixedAccountIssue, FixedAccountClose];
}
