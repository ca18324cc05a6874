using Dapper;
using PortOne.Checkout.Database;

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

    public string Name(bool english) => english ? NameEn : NameKo;
}

/// <summary>The products on sale. Prices come from here and nowhere else.</summary>
public sealed class CatalogStore(Db db)
{
    public async Task<IReadOnlyList<Product>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Product>(
            "SELECT id, sku, name_ko, name_en, price, tax_free, image, cultural FROM products ORDER BY sort_order, id;")).AsList();
    }
}
