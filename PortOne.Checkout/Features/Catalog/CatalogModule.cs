namespace PortOne.Checkout.Features.Catalog;

public static class CatalogModule
{
    public static IServiceCollection AddCatalog(this IServiceCollection services) => services.AddSingleton<CatalogStore>();
}
