using Dapper;
using PortOne.Checkout.Database;
using PortOne.Checkout.Resources;

namespace PortOne.Checkout.Features.Catalog;

public sealed class Product
{
    public long Id { get; init; }
    public string Sku { get; init; } = "";
    public string NameKo { get; init; } = "";
    public string NameEn { get; init; } = "";
    public long Price { get; init; }
    public bool TaxFree { get; init; }
    public string Image { get; init; } = "";

    /// <summary>A cultural good (book, performance) for 문화비 소득공제.</summary>
    public bool Cultural { get; init; }

    /// <summary>Set for a subscription plan: it bills every this many months and is not sold in the checkout.</summary>
    public int? CycleMonths { get; init; }

    public string Name(bool english) => english ? NameEn : NameKo;
}

/// <summary>The products on sale. Prices come from here and nowhere else.</summary>
public sealed class CatalogStore(Db db)
{
    private const string Columns = "id, sku, name_ko, name_en, price, tax_free, image, cultural, cycle_months";

    /// <summary>What the checkout sells once; subscription plans are sold on their own page.</summary>
    public async Task<IReadOnlyList<Product>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Product>(
            $"SELECT {Columns} FROM products WHERE cycle_months IS NULL ORDER BY sort_order, id;")).AsList();
    }

    /// <summary>The subscription plans: products billed every <see cref="Product.CycleMonths"/> months.</summary>
    public async Task<IReadOnlyList<Product>> ListPlansAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Product>(
            $"SELECT {Columns} FROM products WHERE cycle_months IS NOT NULL ORDER BY sort_order, id;")).AsList();
    }

    public async Task<Product?> FindPlanAsync(string sku, CancellationToken cancellationToken = default)
    {
        // The sku comes from the page's address. No sku holds a control character, and PostgreSQL refuses a NUL
        // even as a parameter: such an address is a plan that does not exist, on either provider.
        if (!SingleLine.Allows(sku))
        {
            return null;
        }
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Product>(
            $"SELECT {Columns} FROM products WHERE sku = @sku AND cycle_months IS NOT NULL;", new { sku });
    }
}
